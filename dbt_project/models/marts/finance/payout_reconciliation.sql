{{ config(materialized='view') }}
-- Per seller and closed week, the payout as each party recorded it (DESIGN §10): the closed
-- settlement (mart) = payment's settlement.completed = the wallet's credit = the seller
-- service's payout record; and the seller's withdrawals requested and completed that week (WIB).
-- A figure not landed yet is null (status awaiting_*), never a difference; a figure present and
-- unequal is a difference (status different) — the GX check fails on those.
with closed as (
    select seller_id, settlement_week, settlement_key, payout
    from {{ ref('seller_settlements') }}
    where is_closed
),
payment as (
    select distinct on (seller_id, period_start)
        seller_id, period_start as settlement_week, settlement_id, settlement_number, payout
    from {{ ref('stg_payment__settlements_completed') }}
    order by seller_id, period_start, landing_id
),
credits as (
    select reference_id, sum(amount)::bigint as amount
    from {{ ref('stg_wallet__credits') }}
    where reference_type = 'settlement'
    group by reference_id
),
payouts as (
    select settlement_id, sum(amount)::bigint as amount
    from {{ ref('stg_seller__payouts_scheduled') }}
    group by settlement_id
),
requested as (
    select user_id as seller_id, {{ wib_week('requested_at') }} as settlement_week,
           withdrawal_id, amount
    from {{ ref('stg_wallet__withdrawals_requested') }}
    where owner_type = 'seller'
),
withdrawals as (
    select
        r.seller_id,
        r.settlement_week,
        count(*)::bigint as withdrawals_requested,
        sum(r.amount)::bigint as withdrawn_requested,
        count(c.withdrawal_id)::bigint as withdrawals_completed,
        coalesce(sum(c.amount), 0)::bigint as withdrawn_completed,
        count(f.withdrawal_id)::bigint as withdrawals_failed
    from requested as r
    left join {{ ref('stg_wallet__withdrawals_completed') }} as c on c.withdrawal_id = r.withdrawal_id
    left join {{ ref('stg_wallet__withdrawals_failed') }} as f on f.withdrawal_id = r.withdrawal_id
    group by r.seller_id, r.settlement_week
),
weeks as (
    select seller_id, settlement_week from closed
    union
    select seller_id, settlement_week from withdrawals
),
joined as (
    select
        k.seller_id,
        k.settlement_week,
        c.settlement_key,
        p.settlement_id,
        p.settlement_number,
        c.payout as mart_payout,
        p.payout as payment_payout,
        -- the wallet credits nothing for a week that pays nothing
        case when p.payout = 0 then coalesce(w.amount, 0) else w.amount end as wallet_credit,
        o.amount as seller_payout,
        coalesce(d.withdrawals_requested, 0) as withdrawals_requested,
        coalesce(d.withdrawn_requested, 0) as withdrawn_requested,
        coalesce(d.withdrawals_completed, 0) as withdrawals_completed,
        coalesce(d.withdrawn_completed, 0) as withdrawn_completed,
        coalesce(d.withdrawals_failed, 0) as withdrawals_failed
    from weeks as k
    left join closed as c on c.seller_id = k.seller_id and c.settlement_week = k.settlement_week
    left join payment as p on p.seller_id = k.seller_id and p.settlement_week = k.settlement_week
    left join credits as w on w.reference_id = p.settlement_id::text
    left join payouts as o on o.settlement_id = p.settlement_id
    left join withdrawals as d
        on d.seller_id = k.seller_id and d.settlement_week = k.settlement_week
)
select
    *,
    coalesce(payment_payout - mart_payout, 0)::bigint as payment_difference,
    coalesce(wallet_credit - payment_payout, 0)::bigint as wallet_difference,
    coalesce(seller_payout - payment_payout, 0)::bigint as seller_difference,
    (withdrawn_requested - withdrawn_completed)::bigint as withdrawn_outstanding,
    case
        when coalesce(payment_payout <> mart_payout, false)
             or coalesce(wallet_credit <> payment_payout, false)
             or coalesce(seller_payout <> payment_payout, false)
             or (mart_payout is null and payment_payout is not null) then 'different'
        when mart_payout is null then 'withdrawals_only'
        when payment_payout is null then 'awaiting_payment'
        when wallet_credit is null then 'awaiting_wallet'
        else 'matched'
    end as status
from joined
