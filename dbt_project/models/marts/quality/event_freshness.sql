{{ config(
    materialized='incremental', unique_key='event_type', incremental_strategy='delete+insert'
) }}
-- How much of each event type has landed, how recent it is and how late it landed: the first
-- place to look when a mart seems to be missing data. It reads raw.events itself, not a
-- staging view: what it measures is the landing. Incremental runs aggregate only the events
-- landed since the last run (landing_id grows in commit order, a range scan of the primary
-- key) and add them to the stored row of their type, so a run never rescans raw.events.
with delta as (
    select
        event_type,
        max(producer) as producer,
        count(*)::bigint as events,
        min(occurred_at) as first_occurred_at,
        max(occurred_at) as last_occurred_at,
        max(ingested_at) as last_ingested_at,
        -- landing delay: from when the producer says it happened to when it landed
        sum(greatest(extract(epoch from ingested_at - occurred_at), 0))::numeric
            as total_landing_delay_seconds,
        max(greatest(extract(epoch from ingested_at - occurred_at), 0))::numeric
            as max_landing_delay_seconds,
        -- a producer's clock ahead of the lander's by more than a minute
        count(*) filter (where occurred_at > ingested_at + interval '1 minute')::bigint
            as future_dated_events,
        max(landing_id) as landing_id
    from {{ source('raw', 'events') }}
    where landing_id > {{ watermark() }}
    group by event_type
),
combined as (
    select
        d.event_type,
        {% if is_incremental() %}
        coalesce(t.producer, d.producer) as producer,
        d.events + coalesce(t.events, 0) as events,
        least(d.first_occurred_at, t.first_occurred_at) as first_occurred_at,
        greatest(d.last_occurred_at, t.last_occurred_at) as last_occurred_at,
        greatest(d.last_ingested_at, t.last_ingested_at) as last_ingested_at,
        d.total_landing_delay_seconds + coalesce(t.total_landing_delay_seconds, 0)
            as total_landing_delay_seconds,
        greatest(d.max_landing_delay_seconds, t.max_landing_delay_seconds)
            as max_landing_delay_seconds,
        d.future_dated_events + coalesce(t.future_dated_events, 0) as future_dated_events,
        {% else %}
        d.producer, d.events, d.first_occurred_at, d.last_occurred_at, d.last_ingested_at,
        d.total_landing_delay_seconds, d.max_landing_delay_seconds, d.future_dated_events,
        {% endif %}
        d.landing_id
    from delta as d
    {% if is_incremental() %}
    left join {{ this }} as t on t.event_type = d.event_type
    {% endif %}
)
select
    event_type,
    producer,
    events,
    first_occurred_at,
    last_occurred_at,
    last_ingested_at,
    total_landing_delay_seconds,
    -- both to the millisecond: rounding is monotonic, so the mean never shows above the max (a
    -- mean rounded beside an unrounded max could: 1.2345 s every time shows a mean of 1.235)
    round(total_landing_delay_seconds / events, 3) as mean_landing_delay_seconds,
    round(max_landing_delay_seconds, 3) as max_landing_delay_seconds,
    future_dated_events,
    landing_id
from combined
