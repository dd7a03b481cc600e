-- wallet.hold_released: a hold voided or expired, its whole amount available again.
select
    event_id,
    landing_id,
    {{ p_uuid('hold_id') }} as hold_id,
    {{ p_uuid('transaction_id') }} as transaction_id,
    {{ p_uuid('wallet_id') }} as wallet_id,
    {{ p_uuid('user_id') }} as user_id,
    {{ p_text('owner_type') }} as owner_type,
    {{ p_text('outcome') }} as outcome,
    {{ p_bigint('amount') }} as amount,
    {{ p_bigint('available_after') }} as available_after,
    {{ p_bigint('held_after') }} as held_after,
    {{ p_text('reference_type') }} as reference_type,
    {{ p_text('reference_id') }} as reference_id,
    {{ p_ts('occurred_at') }} as released_at
from {{ source('raw', 'events') }}
where event_type = 'wallet.hold_released'
