-- Sales velocity per (location, variant): units confirmed (paid) per day over the window.
select
    location_id,
    variant_id,
    sum(quantity)::numeric / {{ var('velocity_days') }} as units_per_day
from {{ ref('stg_inventory__reservation_lines') }}
where event_type = 'inventory.confirmed'
  and occurred_at > {{ as_of() }} - interval '{{ var("velocity_days") }} days'
  and occurred_at <= {{ as_of() }}
group by location_id, variant_id
