-- Every order.* event with the fields they all share (one row per event).
select
    event_id,
    landing_id,
    event_type,
    split_part(event_type, '.', 2) as status,
    occurred_at,
    {{ p_uuid('order_id') }} as order_id,
    {{ p_text('order_number') }} as order_number,
    {{ p_uuid('checkout_id') }} as checkout_id,
    {{ p_uuid('user_id') }} as user_id,
    {{ p_uuid('seller_id') }} as seller_id,
    {{ p_text('fulfilment') }} as fulfilment,
    {{ p_bigint('subtotal') }} as subtotal,
    {{ p_bigint('shipping_cost') }} as shipping_cost,
    {{ p_bigint('total') }} as total,
    coalesce(
        {{ p_ts('completed_at') }}, {{ p_ts('paid_at') }}, {{ p_ts('created_at') }},
        {{ p_ts('cancelled_at') }}, {{ p_ts('expired_at') }}, {{ p_ts('shipped_at') }},
        {{ p_ts('delivered_at') }}, {{ p_ts('requested_at') }}, {{ p_ts('returned_at') }},
        occurred_at
    ) as status_at
from {{ source('raw', 'events') }}
-- an explicit list (not LIKE) so the (event_type, landing_id) index serves incremental reads
where event_type in (
    'order.created', 'order.paid', 'order.cancelled', 'order.expired', 'order.shipped',
    'order.delivered', 'order.completed', 'order.return_requested', 'order.returned'
)
