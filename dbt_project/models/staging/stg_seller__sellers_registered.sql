-- seller.registered: a shop applied (its number, name and slug).
select
    event_id,
    landing_id,
    {{ p_uuid('seller_id') }} as seller_id,
    {{ p_text('seller_number') }} as seller_number,
    {{ p_text('shop_name') }} as shop_name,
    {{ p_text('shop_slug') }} as shop_slug,
    {{ p_ts('registered_at') }} as registered_at
from {{ source('raw', 'events') }}
where event_type = 'seller.registered'
