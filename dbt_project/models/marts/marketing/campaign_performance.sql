-- Per campaign and WIB day: impressions, clicks, billable clicks, CTR, spend (the day's charge
-- from ad_billing), and the order items attributed to the campaign — an item of a product whose
-- ad the buyer clicked (billable) in the 7 days (7 × 24 h, inclusive) before ordering; the last
-- such click wins. Attributed orders and revenue count on the order's WIB day; ROAS =
-- attributed revenue ÷ spend (null without spend).
with billable_clicks as (
    select campaign_id, product_id, user_id, served_at as clicked_at, event_id
    from {{ ref('stg_ad__serving_events') }}
    where event_type = 'ad.clicked' and billable and user_id is not null and product_id is not null
),
attributed as (
    select distinct on (i.order_item_id)
        i.order_item_id, i.order_id, i.line_total, i.ordered_at, c.campaign_id
    from {{ ref('stg_order__items') }} as i
    join billable_clicks as c
        on c.user_id = i.user_id
        and c.product_id = i.product_id
        and c.clicked_at <= i.ordered_at
        and c.clicked_at >= i.ordered_at - interval '7 days'
    order by i.order_item_id, c.clicked_at desc, c.event_id desc
),
attributed_days as (
    select
        campaign_id,
        {{ wib_date('ordered_at') }} as activity_date,
        count(distinct order_id) as attributed_orders,
        sum(line_total)::bigint as attributed_revenue
    from attributed
    group by 1, 2
),
activity as (
    select campaign_id, activity_date, impressions, clicks, billable_clicks
    from {{ ref('int_ad_daily_activity') }}
),
spend as (
    select campaign_id, billing_date as activity_date, amount
    from {{ ref('ad_billing') }}
),
days as (
    select campaign_id, activity_date from activity
    union
    select campaign_id, activity_date from attributed_days
)
select
    d.campaign_id,
    d.activity_date,
    coalesce(a.impressions, 0) as impressions,
    coalesce(a.clicks, 0) as clicks,
    coalesce(a.billable_clicks, 0) as billable_clicks,
    case when coalesce(a.impressions, 0) > 0
        then round(a.clicks::numeric / a.impressions, 4) end as ctr,
    coalesce(s.amount, 0) as spend,
    coalesce(t.attributed_orders, 0) as attributed_orders,
    coalesce(t.attributed_revenue, 0) as attributed_revenue,
    case when coalesce(s.amount, 0) > 0
        then round(coalesce(t.attributed_revenue, 0)::numeric / s.amount, 4) end as roas
from days as d
left join activity as a on a.campaign_id = d.campaign_id and a.activity_date = d.activity_date
left join spend as s on s.campaign_id = d.campaign_id and s.activity_date = d.activity_date
left join attributed_days as t
    on t.campaign_id = d.campaign_id and t.activity_date = d.activity_date
