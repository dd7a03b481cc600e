-- Completed refunds on completed orders. A refund belongs to the later of its own week and the
-- order's completion week (its business week): a refund of an earlier-settled order comes off
-- that later week, and a refund before completion (a partial return: the items kept complete
-- the order) comes off the week the order is first settled.
-- Refunds of orders that never complete are never settled (no sale was paid out).
select distinct on (r.refund_id)
    r.refund_id,
    r.refund_number,
    r.event_id,
    r.landing_id,
    r.payment_id,
    r.order_id,
    o.seller_id,
    o.is_house,
    r.amount,
    r.completed_at,
    greatest({{ wib_week('r.completed_at') }}, o.settlement_week) as business_week
from {{ ref('stg_payment__refunds_completed') }} as r
join {{ ref('int_orders_completed') }} as o on o.order_id = r.order_id
order by r.refund_id, r.completed_at
