-- ad.impression and ad.clicked: what was shown or clicked, at which price.
select
    event_id,
    landing_id,
    event_type,
    {{ p_ts('occurred_at') }} as served_at,
    {{ p_uuid('campaign_id') }} as campaign_id,
    {{ p_uuid('seller_id') }} as seller_id,
    {{ p_text('pricing_model') }} as pricing_model,
    {{ p_bigint('bid') }} as bid,
    coalesce({{ p_bool('billable') }}, false) as billable
from {{ source('raw', 'events') }}
where event_type in ('ad.impression', 'ad.clicked')
