-- Weekly settlement per third-party seller (DOMAIN "Data platform"):
-- net = gross - refunds - gateway fees - commission + carried in; a net below the minimum payout
-- is not paid but carried into the seller's next settlement week (negative nets too).
with recursive weekly as (
    select seller_id, settlement_week, gross, refunds, gateway_fees, line_count
    from {{ ref('int_settlement_weeks') }}
    -- a week is settled once it has ended (Sunday 24:00 WIB)
    where not is_house and settlement_week + 7 <= {{ settle_through() }}
),
rates as (
    select distinct on (seller_id) seller_id, commission_rate_bps
    from {{ ref('stg_seller__sellers_verified') }}
    order by seller_id, verified_at desc
),
base as (
    select
        w.seller_id,
        w.settlement_week,
        coalesce(w.gross, 0) as gross,
        w.refunds,
        w.gateway_fees,
        coalesce(r.commission_rate_bps, 0) as commission_rate_bps,
        round(coalesce(w.gross, 0) * coalesce(r.commission_rate_bps, 0) / 10000.0)::bigint
            as commission,
        w.line_count,
        row_number() over (partition by w.seller_id order by w.settlement_week) as seq
    from weekly as w
    left join rates as r on r.seller_id = w.seller_id
),
chain as (
    select
        b.seller_id, b.seq, 0::bigint as carried_over_in,
        (b.gross - b.refunds - b.gateway_fees - b.commission)::bigint as net
    from base as b
    where b.seq = 1
    union all
    select
        b.seller_id,
        b.seq,
        case when c.net < {{ var('minimum_payout') }} then c.net else 0 end::bigint,
        (b.gross - b.refunds - b.gateway_fees - b.commission
            + case when c.net < {{ var('minimum_payout') }} then c.net else 0 end)::bigint
    from base as b
    join chain as c on c.seller_id = b.seller_id and b.seq = c.seq + 1
)
select
    md5(b.seller_id::text || ':' || b.settlement_week::text)::uuid as settlement_id,
    b.seller_id::text || ':' || b.settlement_week::text as settlement_key,
    b.seller_id,
    b.settlement_week,
    b.settlement_week + 6 as settlement_week_end,
    b.gross,
    b.refunds,
    b.gateway_fees,
    b.commission_rate_bps,
    b.commission,
    c.carried_over_in,
    c.net,
    case when c.net >= {{ var('minimum_payout') }} then c.net else 0 end as payout,
    case when c.net >= {{ var('minimum_payout') }} then 0 else c.net end as carried_over_out,
    b.line_count
from base as b
join chain as c on c.seller_id = b.seller_id and c.seq = b.seq
