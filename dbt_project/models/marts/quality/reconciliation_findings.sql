{{ config(materialized='view') }}
-- What finance has to look at in the payout reconciliation, one row per seller week that is
-- not matched: figures that differ (an error: two parties recorded different payouts) and
-- payouts still awaited from payment or the wallet (waiting: normal for a few minutes after a
-- push, a finding when it lasts). A view over finance.payout_reconciliation, so it is as
-- current as the events landed, and with the shop named so nobody has to look up a UUID.
with findings as (
    select
        r.*,
        case
            when r.status = 'different' and r.mart_payout is null then 'settled_by_payment_only'
            when r.status = 'different' and r.payment_difference <> 0 then 'payment_differs'
            when r.status = 'different' and r.wallet_difference <> 0 then 'wallet_differs'
            when r.status = 'different' then 'seller_record_differs'
            else r.status
        end as finding
    from {{ ref('payout_reconciliation') }} as r
    where r.status in ('different', 'awaiting_payment', 'awaiting_wallet')
)
select
    f.seller_id,
    s.seller_number,
    s.shop_name,
    f.settlement_week,
    f.settlement_key,
    f.settlement_number,
    f.status,
    f.finding,
    case when f.status = 'different' then 'error' else 'waiting' end as severity,
    f.mart_payout,
    f.payment_payout,
    f.wallet_credit,
    f.seller_payout,
    f.payment_difference,
    f.wallet_difference,
    f.seller_difference,
    -- the difference a person would chase first: the largest in size
    (select d from unnest(array[
        f.payment_difference, f.wallet_difference, f.seller_difference
    ]) as d order by abs(d) desc limit 1) as largest_difference
from findings as f
left join {{ ref('seller_shops') }} as s on s.seller_id = f.seller_id
