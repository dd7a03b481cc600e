-- ticket.sla_breached: a target passed unmet (the first breach of a ticket escalated it).
select
    event_id,
    landing_id,
    {{ p_uuid('ticket_id') }} as ticket_id,
    {{ p_text('target') }} as target,
    {{ p_bool('escalated') }} as escalated,
    {{ p_text('previous_priority') }} as previous_priority,
    {{ p_text('priority') }} as priority,
    {{ p_ts('due_at') }} as due_at,
    {{ p_ts('breached_at') }} as breached_at
from {{ source('raw', 'events') }}
where event_type = 'ticket.sla_breached'
