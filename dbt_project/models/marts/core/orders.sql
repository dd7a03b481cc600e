{{ config(materialized='incremental', unique_key='order_id', incremental_strategy='delete+insert',
    indexes=[{'columns': ['order_id']}, {'columns': ['landing_id']}]) }}
-- One row per order: header from order.created, current status from its latest event.
-- Incremental: only orders with newly landed events are recomputed.
with touched as (
    select distinct order_id
    from {{ ref('int_order_events') }}
    {{ landed_since_last_run() }}
),
events as (
    select e.*
    from {{ ref('int_order_events') }} as e
    join touched using (order_id)
),
created as (
    select distinct on (order_id)
        order_id, order_number, checkout_id, user_id, seller_id, fulfilment,
        subtotal, shipping_cost, total, status_at as created_at
    from events
    where status = 'created'
    order by order_id, landing_id
),
latest as (
    select distinct on (order_id) order_id, status, status_at, landing_id
    from events
    order by order_id, status_at desc, landing_id desc
),
milestones as (
    select
        order_id,
        min(status_at) filter (where status = 'paid') as paid_at,
        min(status_at) filter (where status = 'completed') as completed_at,
        max(landing_id) as landing_id
    from events
    group by order_id
)
select
    c.*,
    case when l.status = 'created' then 'pending_payment' else l.status end as status,
    l.status_at as status_changed_at,
    m.paid_at,
    m.completed_at,
    m.landing_id
from created as c
join latest as l on l.order_id = c.order_id
join milestones as m on m.order_id = c.order_id
