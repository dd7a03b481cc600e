-- seller.bank_account_changed: the payout account (last four digits only, never the number).
select
    event_id,
    landing_id,
    {{ p_uuid('seller_id') }} as seller_id,
    {{ p_text('bank_code') }} as bank_code,
    {{ p_text('account_number_last4') }} as account_number_last4,
    {{ p_text('account_holder_name') }} as account_holder_name,
    {{ p_text('status') }} as status,
    {{ p_ts('changed_at') }} as changed_at
from {{ source('raw', 'events') }}
where event_type = 'seller.bank_account_changed'
