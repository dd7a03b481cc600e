-- campaign.* events: a campaign's commercial terms after the change.
select
    event_id,
    event_type,
    occurred_at,
    {{ p_uuid('campaign_id') }} as campaign_id,
    {{ p_uuid('seller_id') }} as seller_id,
    {{ p_text('pricing_model') }} as pricing_model,
    {{ p_bigint('bid') }} as bid,
    {{ p_bigint('daily_budget') }} as daily_budget,
    {{ p_bigint('total_budget') }} as total_budget
from {{ source('raw', 'events') }}
where event_type in (
    'campaign.created', 'campaign.activated', 'campaign.paused', 'campaign.exhausted',
    'campaign.completed'
)
