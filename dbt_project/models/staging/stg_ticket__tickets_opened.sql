-- ticket.created: each ticket as it was opened (its priority then, its first due times).
select
    event_id,
    landing_id,
    occurred_at,
    {{ p_uuid('ticket_id') }} as ticket_id,
    {{ p_text('ticket_number') }} as ticket_number,
    {{ p_uuid('user_id') }} as user_id,
    {{ p_uuid('order_id') }} as order_id,
    {{ p_text('category') }} as category,
    {{ p_text('priority') }} as priority,
    {{ p_text('source') }} as source,
    {{ p_ts('first_response_due_at') }} as first_response_due_at,
    {{ p_ts('resolution_due_at') }} as resolution_due_at,
    {{ p_ts('created_at') }} as created_at
from {{ source('raw', 'events') }}
where event_type = 'ticket.created'
