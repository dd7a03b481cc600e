-- seller.verified: the commission rate a seller was verified with (basis points).
select
    event_id,
    landing_id,
    {{ p_uuid('seller_id') }} as seller_id,
    {{ p_text('shop_name') }} as shop_name,
    {{ p_int('commission_rate_bps') }} as commission_rate_bps,
    {{ p_ts('verified_at') }} as verified_at
from {{ source('raw', 'events') }}
where event_type = 'seller.verified'
