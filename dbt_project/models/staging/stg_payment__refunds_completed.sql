-- refund.completed: money returned to a buyer for one order.
select
    event_id,
    landing_id,
    {{ p_uuid('refund_id') }} as refund_id,
    {{ p_text('refund_number') }} as refund_number,
    {{ p_uuid('payment_id') }} as payment_id,
    {{ p_uuid('order_id') }} as order_id,
    {{ p_uuid('seller_id') }} as seller_id,
    {{ p_bigint('amount') }} as amount,
    {{ p_text('method') }} as method,
    {{ p_ts('completed_at') }} as completed_at
from {{ source('raw', 'events') }}
where event_type = 'refund.completed'
