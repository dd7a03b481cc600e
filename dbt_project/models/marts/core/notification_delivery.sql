-- Messages per kind and channel per WIB day: how many were sent, how many failed for good, and
-- the median time from the event that caused a message to its hand-over to the provider.
with sent as (
    select distinct on (notification_id)
        notification_id, kind, channel, happened_at, source_occurred_at
    from {{ ref('stg_notification__deliveries') }}
    where event_type = 'notification.sent'
    order by notification_id, happened_at
),

failed as (
    select distinct on (notification_id) notification_id, kind, channel, happened_at
    from {{ ref('stg_notification__deliveries') }}
    where event_type = 'notification.failed' and not will_retry
    order by notification_id, happened_at desc
),

outcomes as (
    select
        {{ wib_date('happened_at') }} as delivery_date, kind, channel, notification_id,
        'sent' as outcome,
        extract(epoch from happened_at - source_occurred_at) as seconds_from_source
    from sent
    union all
    select
        {{ wib_date('happened_at') }}, kind, channel, notification_id, 'failed', null
    from failed
)

select
    delivery_date || '/' || kind || '/' || channel as delivery_key,
    delivery_date,
    kind,
    channel,
    count(*) filter (where outcome = 'sent') as sent,
    count(*) filter (where outcome = 'failed') as failed,
    percentile_cont(0.5) within group (order by seconds_from_source)
        filter (where seconds_from_source is not null) as median_seconds_from_source
from outcomes
group by delivery_date, kind, channel
