{{ config(materialized='view') }}
-- Each seller's commission rate per span of settlement weeks: the rate in force during a week
-- (DOMAIN: a rate change applies from the next week). seller.verified sets the rate from the
-- week of verification; seller.commission_changed from the first week starting on or after its
-- effective_from (the Monday after the change, as the seller service sends it), and never
-- before the week after the change was decided. Two decisions for the same week: the later one
-- wins. A view: a few rows per seller, read by the settlement views, and left alone by runs
-- while its SQL is unchanged.
with decisions as (
    select
        seller_id, {{ wib_week('verified_at') }} as effective_week, commission_rate_bps,
        verified_at as decided_at, landing_id
    from {{ ref('stg_seller__sellers_verified') }}
    union all
    -- never the week of the decision nor one before it, whatever effective_from says: a rate
    -- decided mid-week (or back-dated) does not reprice a week already trading
    select
        seller_id,
        greatest(date_trunc('week', effective_from + 6)::date, {{ wib_week('changed_at') }} + 7),
        commission_rate_bps, changed_at, landing_id
    from {{ ref('stg_seller__commission_changes') }}
),
per_week as (
    select distinct on (seller_id, effective_week)
        seller_id, effective_week, commission_rate_bps, decided_at
    from decisions
    order by seller_id, effective_week, decided_at desc, landing_id desc
)
select
    seller_id,
    effective_week,
    -- the first week of the next rate, or null while this one is in force
    lead(effective_week) over (partition by seller_id order by effective_week) as effective_until,
    commission_rate_bps,
    decided_at
from per_week
