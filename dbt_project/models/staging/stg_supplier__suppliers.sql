-- supplier.created / supplier.updated: a supplier's terms and standing after the change.
select
    event_id,
    landing_id,
    occurred_at,
    {{ p_uuid('supplier_id') }} as supplier_id,
    {{ p_text('code') }} as code,
    {{ p_text('name') }} as name,
    {{ p_text('status') }} as status,
    {{ p_int('lead_time_days') }} as lead_time_days,
    coalesce({{ p_text('standing') }}, 'unrated') as standing,
    ({{ p_text('score') }})::numeric as score
from {{ source('raw', 'events') }}
where event_type in ('supplier.created', 'supplier.updated')
