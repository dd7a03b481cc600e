{{ config(materialized='view') }}
-- One row per settlement week (closed, or recorded by payment): how many seller weeks each
-- party has confirmed and whether the week's payouts agree to the rupiah across the closed
-- settlement, payment, the wallet and the seller service — the payout reconciliation's weekly
-- scorecard; the seller weeks behind a row not reconciled are in reconciliation_findings.
select
    settlement_week,
    count(*)::bigint as seller_weeks,
    count(*) filter (where status = 'matched')::bigint as matched,
    count(*) filter (where status = 'awaiting_payment')::bigint as awaiting_payment,
    count(*) filter (where status = 'awaiting_wallet')::bigint as awaiting_wallet,
    count(*) filter (where status = 'different')::bigint as different,
    coalesce(sum(mart_payout), 0)::bigint as mart_payout,
    coalesce(sum(payment_payout), 0)::bigint as payment_payout,
    coalesce(sum(wallet_credit), 0)::bigint as wallet_credit,
    coalesce(sum(seller_payout), 0)::bigint as seller_payout,
    coalesce(sum(abs(payment_difference) + abs(wallet_difference) + abs(seller_difference)), 0)
        ::bigint as absolute_difference,
    case
        when count(*) filter (where status = 'different') > 0 then 'different'
        when count(*) filter (where status <> 'matched') > 0 then 'awaiting'
        else 'reconciled'
    end as status
from {{ ref('payout_reconciliation') }}
-- a week paying only withdrawals is no settlement to reconcile
where status <> 'withdrawals_only'
group by settlement_week
