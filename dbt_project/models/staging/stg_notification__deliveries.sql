-- notification.sent / notification.failed: one row per attempt's outcome (never a message body).
select
    event_id,
    landing_id,
    event_type,
    {{ p_uuid('notification_id') }} as notification_id,
    {{ p_uuid('user_id') }} as user_id,
    {{ p_text('channel') }} as channel,
    {{ p_text('template_code') }} as kind,
    {{ p_text('provider') }} as provider,
    {{ p_int('attempt') }} as attempt,
    {{ p_uuid('source_event_id') }} as source_event_id,
    {{ p_text('source_event_type') }} as source_event_type,
    {{ p_ts('source_occurred_at') }} as source_occurred_at,
    case when event_type = 'notification.failed' then {{ p_bool('will_retry') }} end as will_retry,
    coalesce({{ p_ts('sent_at') }}, {{ p_ts('failed_at') }}) as happened_at
from {{ source('raw', 'events') }}
where event_type in ('notification.sent', 'notification.failed')
