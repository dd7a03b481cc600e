-- ad.impression and ad.clicked: what was shown or clicked, at which price. ``price`` is the
-- generalized second price the ad was sold at (events written before it existed: the bid).
select
    event_id,
    landing_id,
    event_type,
    {{ p_ts('occurred_at') }} as served_at,
    {{ p_uuid('campaign_id') }} as campaign_id,
    {{ p_uuid('seller_id') }} as seller_id,
    {{ p_text('pricing_model') }} as pricing_model,
    {{ p_bigint('bid') }} as bid,
    coalesce({{ p_bigint('price') }}, {{ p_bigint('bid') }}) as price,
    {{ p_uuid('product_id') }} as product_id,
    {{ p_uuid('user_id') }} as user_id,
    coalesce({{ p_bool('billable') }}, false) as billable
from {{ source('raw', 'events') }}
where event_type in ('ad.impression', 'ad.clicked')
