-- ticket.resolved: each resolution (a reopened ticket may be resolved again).
select
    event_id,
    landing_id,
    {{ p_uuid('ticket_id') }} as ticket_id,
    {{ p_uuid('resolved_by') }} as resolved_by,
    {{ p_bigint('resolution_business_seconds') }} as resolution_business_seconds,
    {{ p_bool('first_response_breached') }} as first_response_breached,
    {{ p_bool('resolution_breached') }} as resolution_breached,
    {{ p_ts('resolved_at') }} as resolved_at
from {{ source('raw', 'events') }}
where event_type = 'ticket.resolved'
