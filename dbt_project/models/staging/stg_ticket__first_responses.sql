-- ticket.message_added of an agent's first reply: the first-response time in business seconds.
select
    event_id,
    landing_id,
    {{ p_uuid('ticket_id') }} as ticket_id,
    {{ p_uuid('agent_id') }} as agent_id,
    {{ p_bigint('first_response_business_seconds') }} as first_response_business_seconds,
    coalesce({{ p_bool('first_response_breached') }}, false) as first_response_breached,
    {{ p_ts('created_at') }} as responded_at
from {{ source('raw', 'events') }}
where event_type = 'ticket.message_added'
    and {{ p_bool('is_first_response') }}
