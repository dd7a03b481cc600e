-- seller.payout_scheduled: the seller service's payout record of a completed settlement.
select
    event_id,
    landing_id,
    {{ p_uuid('payout_id') }} as payout_id,
    {{ p_uuid('seller_id') }} as seller_id,
    {{ p_uuid('settlement_id') }} as settlement_id,
    {{ p_text('settlement_number') }} as settlement_number,
    {{ p_date('period_start') }} as period_start,
    {{ p_bigint('amount') }} as amount,
    {{ p_date('scheduled_for') }} as scheduled_for,
    {{ p_ts('scheduled_at') }} as scheduled_at
from {{ source('raw', 'events') }}
where event_type = 'seller.payout_scheduled'
