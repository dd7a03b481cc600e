-- Supplier scores per calendar month (WIB) and over the rolling 90 days before `as_of`:
-- on-time rate, fill rate (good ÷ ordered), quality (1 − damaged ÷ received), lead times;
-- score = 0.4 on-time + 0.3 quality + 0.3 fill, stars = round(1 + 4 × score) (1–5) of the score
-- as published (4 places), so the supplier service's recomputation agrees to the star.
-- A supplier without finally received POs in a window has no row for it: it is not scored.
{% set measures %}
        count(*) as po_count,
        avg(case when on_time then 1.0 else 0.0 end) as on_time_rate,
        sum(units_good)::numeric / nullif(sum(units_ordered), 0) as fill_rate,
        1 - sum(units_damaged)::numeric / nullif(sum(units_received), 0) as quality_rate,
        avg(lead_time_days) as avg_lead_time_days,
        avg(promised_lead_time_days)::numeric as promised_lead_time_days
{% endset %}
with pos as (
    select * from {{ ref('int_purchase_orders_received') }}
),
monthly as (
    select
        supplier_id,
        'monthly' as scoring_window,
        date_trunc('month', final_received_at at time zone 'Asia/Jakarta')::date as period_start,
        (date_trunc('month', final_received_at at time zone 'Asia/Jakarta')
            + interval '1 month - 1 day')::date as period_end,
        {{ measures }}
    from pos
    group by 1, 2, 3, 4
),
rolling as (
    select
        supplier_id,
        'rolling_90d' as scoring_window,
        {{ wib_date(as_of()) }} - 89 as period_start,
        {{ wib_date(as_of()) }} as period_end,
        {{ measures }}
    from pos
    where final_received_at > {{ as_of() }} - interval '90 days'
      and final_received_at <= {{ as_of() }}
    group by 1, 2, 3, 4
),
scored as (
    select
        *,
        0.4 * on_time_rate + 0.3 * coalesce(quality_rate, 1) + 0.3 * coalesce(fill_rate, 0)
            as raw_score
    from (select * from monthly union all select * from rolling) as windows
)
select
    supplier_id,
    scoring_window,
    period_start,
    period_end,
    po_count,
    round(on_time_rate, 4) as on_time_rate,
    round(least(coalesce(fill_rate, 0), 1), 4) as fill_rate,
    round(coalesce(quality_rate, 1), 4) as quality_rate,
    round(avg_lead_time_days::numeric, 2) as avg_lead_time_days,
    round(promised_lead_time_days, 2) as promised_lead_time_days,
    round(least(raw_score, 1), 4) as score,
    greatest(1, least(5, round(1 + 4 * round(least(raw_score, 1), 4))))::integer as stars,
    {{ as_of() }} as computed_at
from scored
