-- Variants to restock: available ≤ reorder point, or days of cover (available ÷ units sold per
-- day over the last 28 days) below the supplier's lead time + 7 days. The reorder point is the
-- newer of the bundle configuration's (inventory.bundle_configured) and the last low-stock event's.
with stock as (
    select * from {{ ref('int_stock_current') }}
),
latest_reorder_points as (
    select distinct on (location_id, variant_id)
        location_id, variant_id, reorder_point, occurred_at
    from {{ ref('stg_inventory__stock_snapshots') }}
    where reorder_point is not null
    order by location_id, variant_id, occurred_at desc
),
measured as (
    select
        s.location_id,
        s.location_type,
        s.product_id,
        s.variant_id,
        s.available,
        s.backordered,
        round(coalesce(v.units_per_day, 0), 4) as units_per_day,
        case when v.units_per_day > 0 then round(s.available / v.units_per_day, 2) end
            as days_of_cover,
        case
            when rp.occurred_at > bv.occurred_at then rp.reorder_point
            else coalesce(bv.reorder_point, rp.reorder_point, 0)
        end as reorder_point,
        coalesce(l.lead_time_days, {{ var('default_lead_time_days') }}) as lead_time_days,
        bc.supplier_id
    from stock as s
    left join {{ ref('int_variant_velocity') }} as v
        on v.location_id = s.location_id and v.variant_id = s.variant_id
    left join {{ ref('stg_inventory__bundle_variants') }} as bv on bv.variant_id = s.variant_id
    left join {{ ref('stg_inventory__bundle_configs') }} as bc on bc.product_id = bv.product_id
    left join {{ ref('int_supplier_lead_times') }} as l on l.supplier_id = bc.supplier_id
    left join latest_reorder_points as rp
        on rp.location_id = s.location_id and rp.variant_id = s.variant_id
)
select
    md5(location_id::text || ':' || variant_id::text || ':' || {{ wib_date(as_of()) }}::text)
        as alert_key,
    *,
    case
        when available <= reorder_point then 'reorder_point'
        else 'days_of_cover'
    end as reason,
    {{ as_of() }} as computed_at
from measured
where available <= reorder_point
   or days_of_cover < lead_time_days + 7
