-- settlement.completed: the seller week payment recorded (and scheduled the payout of).
select
    event_id,
    landing_id,
    {{ p_uuid('settlement_id') }} as settlement_id,
    {{ p_text('settlement_number') }} as settlement_number,
    {{ p_uuid('seller_id') }} as seller_id,
    {{ p_date('period_start') }} as period_start,
    {{ p_date('period_end') }} as period_end,
    {{ p_bigint('gross') }} as gross,
    {{ p_bigint('refunds') }} as refunds,
    {{ p_bigint('gateway_fees') }} as gateway_fees,
    {{ p_bigint('commission') }} as commission,
    {{ p_bigint('carried_over_in') }} as carried_over_in,
    {{ p_bigint('net') }} as net,
    {{ p_bigint('payout') }} as payout,
    {{ p_bigint('carried_over_out') }} as carried_over_out,
    {{ p_ts('completed_at') }} as completed_at
from {{ source('raw', 'events') }}
where event_type = 'settlement.completed'
