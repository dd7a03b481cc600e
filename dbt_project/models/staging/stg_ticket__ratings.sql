-- ticket.rated: the customer's CSAT score (1–5) of a resolved ticket.
select
    event_id,
    landing_id,
    {{ p_uuid('ticket_id') }} as ticket_id,
    {{ p_uuid('agent_id') }} as agent_id,
    {{ p_int('score') }} as score,
    {{ p_ts('rated_at') }} as rated_at
from {{ source('raw', 'events') }}
where event_type = 'ticket.rated'
