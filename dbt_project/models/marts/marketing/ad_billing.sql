-- Daily ad charge per campaign: CPC = Σ bid of billable clicks, CPM = ⌊Σ bid of impressions ÷
-- 1000⌋; each day capped by the daily budget, then by what is left of the total budget.
-- With c_d the day's capped amount and C_d its running sum, the charge is
-- min(C_d, total) − min(C_{d−1}, total), which is exactly "never above the remaining budget".
with terms as (
    select distinct on (campaign_id)
        campaign_id, seller_id, pricing_model, bid, daily_budget, total_budget
    from {{ ref('stg_ad__campaigns') }}
    order by campaign_id, occurred_at desc
),
days as (
    select
        a.campaign_id,
        t.seller_id,
        a.activity_date,
        t.pricing_model,
        t.daily_budget,
        t.total_budget,
        a.impressions,
        a.billable_clicks,
        case
            when t.pricing_model = 'cpc' then a.billable_click_bid_sum
            else floor(a.impression_bid_sum / 1000.0)::bigint
        end as computed_amount
    from {{ ref('int_ad_daily_activity') }} as a
    join terms as t on t.campaign_id = a.campaign_id
),
capped as (
    select
        *,
        least(computed_amount, daily_budget) as day_amount,
        sum(least(computed_amount, daily_budget)) over (
            partition by campaign_id order by activity_date rows unbounded preceding
        ) as running_amount
    from days
)
select
    md5(campaign_id::text || ':' || activity_date::text) as charge_key,
    campaign_id,
    seller_id,
    activity_date as billing_date,
    pricing_model,
    impressions,
    billable_clicks,
    computed_amount,
    daily_budget,
    total_budget,
    (least(running_amount, total_budget) - least(running_amount - day_amount, total_budget))::bigint
        as amount,
    case
        when least(running_amount, total_budget) - least(running_amount - day_amount, total_budget)
            < day_amount then 'total_budget'
        when day_amount < computed_amount then 'daily_budget'
        else 'none'
    end as capped_by,
    activity_date < (now() at time zone 'Asia/Jakarta')::date as is_final
from capped
