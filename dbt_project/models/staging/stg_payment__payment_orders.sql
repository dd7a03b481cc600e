-- The orders a paid payment covers, with each order's total (for splitting the fee).
select
    e.event_id,
    e.landing_id,
    {{ p_uuid('payment_id', 'e.payload') }} as payment_id,
    {{ p_uuid('checkout_id', 'e.payload') }} as checkout_id,
    {{ p_bigint('gateway_fee', 'e.payload') }} as gateway_fee,
    {{ p_uuid('order_id', 'o.share') }} as order_id,
    {{ p_uuid('seller_id', 'o.share') }} as seller_id,
    {{ p_bigint('total', 'o.share') }} as order_total
from {{ source('raw', 'events') }} as e
cross join lateral jsonb_array_elements(e.payload -> 'orders') as o (share)
where e.event_type = 'payment.paid'
