{{ config(
    materialized='incremental', unique_key=['campaign_id', 'activity_date'],
    incremental_strategy='delete+insert',
    indexes=[{'columns': ['campaign_id', 'activity_date']}, {'columns': ['landing_id']}]
) }}
-- Impressions and clicks per campaign per WIB day; the *_bid_sum columns add up the second
-- price each was sold at (the event's ``price``), which is what billing charges. Incremental runs aggregate only the newly
-- landed events and add them to the stored day (landing_id grows in commit order, so every
-- event is counted exactly once) instead of rescanning the day.
with delta as (
    select
        campaign_id,
        {{ wib_date('served_at') }} as activity_date,
        max(seller_id::text)::uuid as seller_id,
        count(*) filter (where event_type = 'ad.impression') as impressions,
        coalesce(sum(price) filter (where event_type = 'ad.impression'), 0) as impression_bid_sum,
        count(*) filter (where event_type = 'ad.clicked') as clicks,
        count(*) filter (where event_type = 'ad.clicked' and billable) as billable_clicks,
        coalesce(sum(price) filter (where event_type = 'ad.clicked' and billable), 0)
            as billable_click_bid_sum,
        max(landing_id) as landing_id
    from {{ ref('stg_ad__serving_events') }}
    {{ landed_since_last_run() }}
    group by 1, 2
)
select
    d.campaign_id,
    d.activity_date,
    d.seller_id,
    {% if is_incremental() %}
    d.impressions + coalesce(t.impressions, 0) as impressions,
    d.impression_bid_sum + coalesce(t.impression_bid_sum, 0) as impression_bid_sum,
    d.clicks + coalesce(t.clicks, 0) as clicks,
    d.billable_clicks + coalesce(t.billable_clicks, 0) as billable_clicks,
    d.billable_click_bid_sum + coalesce(t.billable_click_bid_sum, 0) as billable_click_bid_sum,
    {% else %}
    d.impressions, d.impression_bid_sum, d.clicks, d.billable_clicks, d.billable_click_bid_sum,
    {% endif %}
    d.landing_id
from delta as d
{% if is_incremental() %}
left join {{ this }} as t on t.campaign_id = d.campaign_id and t.activity_date = d.activity_date
{% endif %}
