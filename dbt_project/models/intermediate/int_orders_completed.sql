{{ config(materialized='incremental', unique_key='order_id', incremental_strategy='append',
    indexes=[{'columns': ['order_id']}, {'columns': ['landing_id']}]) }}
-- Orders that reached `completed`, with their item totals, fee share and settlement week.
-- Incremental (append): orders with a newly landed first completion; their items and payment
-- always landed before (order.created and payment.paid precede order.completed). A repeated
-- completion of an order already here is ignored, so an order settles once.
with new_completions as (
    select distinct e.order_id
    from {{ ref('int_order_events') }} as e
    where e.status = 'completed'
    {% if is_incremental() %}
      and e.landing_id > {{ watermark() }}
      and not exists (select 1 from {{ this }} as t where t.order_id = e.order_id)
    {% endif %}
),
completions as (
    select distinct on (e.order_id)
        e.order_id, e.event_id, e.seller_id, e.fulfilment, e.checkout_id,
        e.status_at as completed_at, e.landing_id
    from {{ ref('int_order_events') }} as e
    join new_completions using (order_id)
    where e.status = 'completed'
    order by e.order_id, e.status_at, e.landing_id
),
item_totals as (
    select i.order_id, sum(i.line_total)::bigint as item_total, count(*) as item_count
    from {{ ref('order_items') }} as i
    join new_completions using (order_id)
    group by i.order_id
)
select
    c.order_id,
    c.event_id as completed_event_id,
    c.seller_id,
    c.fulfilment = 'house' or c.seller_id is null as is_house,
    c.checkout_id,
    c.completed_at,
    {{ wib_week('c.completed_at') }} as settlement_week,
    coalesce(i.item_total, 0) as item_total,
    coalesce(i.item_count, 0) as item_count,
    f.payment_id,
    coalesce(f.fee_share, 0) as fee_share,
    c.landing_id
from completions as c
left join item_totals as i on i.order_id = c.order_id
left join {{ ref('int_payment_fees_allocated') }} as f on f.order_id = c.order_id
