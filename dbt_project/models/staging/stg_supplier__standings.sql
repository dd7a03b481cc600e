-- supplier.performance_updated that moved a supplier's standing (a scored rolling window).
select
    event_id,
    landing_id,
    occurred_at,
    {{ p_uuid('supplier_id') }} as supplier_id,
    {{ p_text('standing') }} as standing,
    ({{ p_text('score') }})::numeric as score
from {{ source('raw', 'events') }}
where event_type = 'supplier.performance_updated' and payload ->> 'standing' is not null
