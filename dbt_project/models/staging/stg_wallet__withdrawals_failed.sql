-- withdrawal.failed: the bank or the provider refused the transfer; the money went back.
select
    event_id,
    landing_id,
    {{ p_uuid('withdrawal_id') }} as withdrawal_id,
    {{ p_text('withdrawal_number') }} as withdrawal_number,
    {{ p_uuid('wallet_id') }} as wallet_id,
    {{ p_uuid('user_id') }} as user_id,
    {{ p_text('owner_type') }} as owner_type,
    {{ p_bigint('amount') }} as amount,
    {{ p_text('bank_code') }} as bank_code,
    {{ p_text('account_number_last4') }} as account_number_last4,
    {{ p_text('failure_code') }} as failure_code,
    {{ p_text('failure_reason') }} as failure_reason,
    {{ p_ts('failed_at') }} as failed_at
from {{ source('raw', 'events') }}
where event_type = 'withdrawal.failed'
