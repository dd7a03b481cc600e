{{ config(materialized='incremental', unique_key='line_id', incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ settlement_close_lock() }}",
    indexes=[{'columns': ['line_id']}, {'columns': ['source_landing_id']},
             {'columns': ['computed_at']}, {'columns': ['settlement_week']}]) }}
-- Every amount that makes up a settlement, traceable to the event it came from:
-- sales (item totals of completed orders), gateway-fee shares and refunds (negative).
-- Lines of the running week are here already; the settlement marts take ended weeks only.
-- Incremental (append): sale and fee lines of newly completed orders; refund lines (few, from
-- a small table recomputed each run) that are not here yet — a refund line appears once its
-- order has completed.
--
-- Weeks close (DOMAIN): a line settles in its business week unless that week is closed, then
-- in the first open week — a *late* line, keeping its business date. Closed weeks are a prefix
-- of the calendar (closing.weeks), and a closed week's lines are recorded (closing.settled_lines),
-- so a full rebuild gives every line the week it had. The pre-hook takes the lock the closing
-- takes: no line is written to a week while it closes.
with completed as (
    select *
    from {{ ref('int_orders_completed') }}
    {% if is_incremental() %}
    where landing_id > {{ watermark('source_landing_id', "line_type = 'sale'") }}
    {% endif %}
),
lines as (
    select
        'sale' as line_type, settlement_week as business_week, seller_id, is_house, order_id,
        payment_id, null::uuid as refund_id, completed_event_id as source_event_id,
        completed_at as occurred_at, item_total as amount, landing_id
    from completed
    union all
    select
        'gateway_fee', settlement_week, seller_id, is_house, order_id, payment_id,
        null::uuid, completed_event_id, completed_at, -fee_share, landing_id
    from completed
    where fee_share <> 0
    union all
    select
        'refund', business_week, seller_id, is_house, order_id, payment_id,
        refund_id, event_id, completed_at, -amount, null::bigint
    from {{ ref('int_refunds_attributed') }}
),
keyed as (
    select md5(line_type || ':' || coalesce(refund_id, order_id)::text) as line_id, *
    from lines
),
placed as (
    select
        k.*,
        coalesce(
            s.settlement_week,
            -- greatest() ignores the null of "nothing closed yet"
            greatest(k.business_week, (select max(settlement_week) + 7 from {{ source('closing', 'weeks') }}))
        ) as settlement_week
    from keyed as k
    left join {{ source('closing', 'settled_lines') }} as s on s.line_id = k.line_id
    {% if is_incremental() %}
    where not exists (select 1 from {{ this }} as t where t.line_id = k.line_id)
    {% endif %}
)
select
    line_id,
    line_type,
    settlement_week,
    settlement_week + 6 as settlement_week_end,
    business_week,
    {{ wib_date('occurred_at') }} as business_date,
    settlement_week > business_week as is_late,
    case when is_house then 'house' else seller_id::text end as party,
    seller_id,
    is_house,
    order_id,
    payment_id,
    refund_id,
    source_event_id,
    occurred_at,
    amount,
    landing_id as source_landing_id,
    -- the dbt run that wrote the line: int_settlement_weeks adds up the lines of later runs
    '{{ run_started_at }}'::timestamptz as computed_at
from placed
