{{ config(materialized='incremental', unique_key='line_id', incremental_strategy='append',
    on_schema_change='append_new_columns',
    indexes=[{'columns': ['line_id']}, {'columns': ['source_landing_id']},
             {'columns': ['computed_at']}]) }}
-- Every amount that makes up a settlement, traceable to the event it came from:
-- sales (item totals of completed orders), gateway-fee shares and refunds (negative).
-- Lines of the running week are here already; the settlement marts take ended weeks only.
-- Incremental (append): sale and fee lines of newly completed orders; refund lines (few, from
-- a small table recomputed each run) that are not here yet — a refund line appears once its
-- order has completed.
with completed as (
    select *
    from {{ ref('int_orders_completed') }}
    {% if is_incremental() %}
    where landing_id > {{ watermark('source_landing_id', "line_type = 'sale'") }}
    {% endif %}
),
lines as (
    select
        'sale' as line_type, settlement_week, seller_id, is_house, order_id, payment_id,
        null::uuid as refund_id, completed_event_id as source_event_id, completed_at as occurred_at,
        item_total as amount, landing_id
    from completed
    union all
    select
        'gateway_fee', settlement_week, seller_id, is_house, order_id, payment_id,
        null::uuid, completed_event_id, completed_at, -fee_share, landing_id
    from completed
    where fee_share <> 0
    union all
    select
        'refund', settlement_week, seller_id, is_house, order_id, payment_id,
        refund_id, event_id, completed_at, -amount, null::bigint
    from {{ ref('int_refunds_attributed') }}
),
keyed as (
    select md5(line_type || ':' || coalesce(refund_id, order_id)::text) as line_id, *
    from lines
)
select
    line_id,
    line_type,
    settlement_week,
    settlement_week + 6 as settlement_week_end,
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
from keyed
{% if is_incremental() %}
where not exists (select 1 from {{ this }} as t where t.line_id = keyed.line_id)
{% endif %}
