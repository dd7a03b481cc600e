-- wallet.hold_placed: money set aside in a wallet (a checkout's share, a withdrawal in flight).
select
    event_id,
    landing_id,
    {{ p_uuid('hold_id') }} as hold_id,
    {{ p_uuid('transaction_id') }} as transaction_id,
    {{ p_uuid('wallet_id') }} as wallet_id,
    {{ p_uuid('user_id') }} as user_id,
    {{ p_text('owner_type') }} as owner_type,
    {{ p_bigint('amount') }} as amount,
    {{ p_bigint('promotional_amount') }} as promotional_amount,
    {{ p_bigint('available_after') }} as available_after,
    {{ p_bigint('held_after') }} as held_after,
    {{ p_text('reference_type') }} as reference_type,
    {{ p_text('reference_id') }} as reference_id,
    {{ p_ts('expires_at') }} as expires_at,
    {{ p_ts('occurred_at') }} as placed_at
from {{ source('raw', 'events') }}
where event_type = 'wallet.hold_placed'
