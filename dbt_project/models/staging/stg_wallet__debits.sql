-- wallet.debited: money out of a wallet (ad charge, captured checkout or withdrawal hold, adjustment).
select
    event_id,
    landing_id,
    {{ p_uuid('transaction_id') }} as transaction_id,
    {{ p_text('transaction_number') }} as transaction_number,
    {{ p_uuid('wallet_id') }} as wallet_id,
    {{ p_uuid('user_id') }} as user_id,
    {{ p_text('owner_type') }} as owner_type,
    {{ p_text('reason') }} as reason,
    {{ p_bigint('amount') }} as amount,
    {{ p_bigint('balance_before') }} as balance_before,
    {{ p_bigint('balance_after') }} as balance_after,
    {{ p_uuid('campaign_id') }} as campaign_id,
    {{ p_date('charge_date') }} as charge_date,
    {{ p_uuid('hold_id') }} as hold_id,
    {{ p_bigint('released_amount') }} as released_amount,
    {{ p_text('reference_type') }} as reference_type,
    {{ p_text('reference_id') }} as reference_id,
    {{ p_ts('occurred_at') }} as debited_at
from {{ source('raw', 'events') }}
where event_type = 'wallet.debited'
