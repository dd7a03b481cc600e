-- supplier.created / supplier.updated: a supplier's terms after the change.
select
    event_id,
    occurred_at,
    {{ p_uuid('supplier_id') }} as supplier_id,
    {{ p_text('code') }} as code,
    {{ p_text('name') }} as name,
    {{ p_text('status') }} as status,
    {{ p_int('lead_time_days') }} as lead_time_days
from {{ source('raw', 'events') }}
where event_type in ('supplier.created', 'supplier.updated')
