-- payment.paid: one checkout payment with its gateway fee.
select
    event_id,
    landing_id,
    {{ p_uuid('payment_id') }} as payment_id,
    {{ p_text('payment_number') }} as payment_number,
    {{ p_uuid('checkout_id') }} as checkout_id,
    {{ p_uuid('user_id') }} as user_id,
    {{ p_bigint('amount') }} as amount,
    {{ p_bigint('gateway_fee') }} as gateway_fee,
    {{ p_bigint('net_amount') }} as net_amount,
    {{ p_text('method') }} as method,
    {{ p_ts('paid_at') }} as paid_at
from {{ source('raw', 'events') }}
where event_type = 'payment.paid'
