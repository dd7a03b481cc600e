{{ config(materialized='view') }}
-- Weekly settlement per third-party seller (DOMAIN "Data platform", "Settlement weeks close"):
-- net = gross - refunds - gateway fees - commission + carried in. A view: a closed week is read
-- as recorded when it closed (closing.seller_settlements), never recomputed nor copied (that
-- history only grows); the open ended weeks — a few — are chained on from each seller's last
-- closed week at read time, from the sums the last dbt run left in int_settlement_weeks:
--   - commission = Σ over the week's business weeks of round(gross × the rate in force then)
--     (late lines keep the rate of their business week; without them: round(gross × rate));
--   - a net of at least the minimum payout is paid; a positive carry is paid whatever its size
--     once it has waited carry_payout_weeks weeks since first carried out (a row of its own in
--     that week if the seller sold nothing); anything else is carried, negative nets too.
{%- set minimum = var('minimum_payout') %}
{%- set carry_weeks = var('carry_payout_weeks') %}
with recursive bounds as (
    -- the last closed week as of now (the view is read after closes), the last ended week as
    -- of the dbt run that computed the lines
    select
        (select max(settlement_week) from {{ source('closing', 'weeks') }}) as closed_through,
        last_ended_week
    from {{ ref('settlement_status') }}
),
rates as (
    select seller_id, effective_week, effective_until, commission_rate_bps
    from {{ ref('int_commission_rates') }}
),
parts as (
    -- open ended weeks' sums per business week, each with the rate in force in that week
    select
        w.seller_id, w.settlement_week, w.business_week, w.gross, w.refunds, w.gateway_fees,
        w.line_count, coalesce(r.commission_rate_bps, 0) as rate_bps
    from {{ ref('int_settlement_weeks') }} as w
    cross join bounds as b
    left join rates as r
        on r.seller_id = w.seller_id and r.effective_week <= w.business_week
        and (r.effective_until is null or w.business_week < r.effective_until)
    where not w.is_house
      and w.settlement_week > coalesce(b.closed_through, '-infinity'::date)
      and w.settlement_week <= b.last_ended_week
),
active as (
    select
        seller_id,
        settlement_week,
        sum(gross)::bigint as gross,
        sum(refunds)::bigint as refunds,
        sum(gateway_fees)::bigint as gateway_fees,
        sum(round(gross * rate_bps / 10000.0))::bigint as commission,
        sum(line_count)::bigint as line_count,
        coalesce(sum(line_count) filter (where business_week < settlement_week), 0)::bigint
            as late_line_count,
        coalesce(
            sum(gross - refunds - gateway_fees) filter (where business_week < settlement_week), 0
        )::bigint as late_amount,
        row_number() over (partition by seller_id order by settlement_week) as seq
    from parts
    group by seller_id, settlement_week
),
closed as (
    select * from {{ source('closing', 'seller_settlements') }}
),
last_closed as (
    select distinct on (seller_id) seller_id, settlement_week, carried_over_out, carry_since
    from closed
    order by seller_id, settlement_week desc
),
anchors as (
    -- where each seller's open chain starts: after its last closed week (if any)
    select s.seller_id, l.settlement_week, coalesce(l.carried_over_out, 0) as carried_over_out,
           l.carry_since
    from (
        select seller_id from active
        union
        select seller_id from last_closed where carried_over_out > 0
    ) as s
    left join last_closed as l on l.seller_id = s.seller_id
),
chain as (
    select
        seller_id, settlement_week, carried_over_out, carry_since, 1::bigint as next_seq,
        false as is_row, null::date as previous_week, 0::bigint as gross, 0::bigint as refunds,
        0::bigint as gateway_fees, 0::bigint as commission, 0::bigint as carried_over_in,
        0::bigint as net, 0::bigint as payout, false as carry_due, 0::bigint as line_count,
        0::bigint as late_line_count, 0::bigint as late_amount
    from anchors
    union all
    select
        c.seller_id,
        p.week,
        p.net - p.payout,
        case
            when p.net - p.payout <= 0 then null
            when c.carried_over_out > 0 then c.carry_since
            else p.week
        end,
        c.next_seq + case when p.from_active then 1 else 0 end,
        true,
        c.settlement_week,
        p.gross, p.refunds, p.gateway_fees, p.commission, c.carried_over_out, p.net, p.payout,
        p.due, p.line_count, p.late_line_count, p.late_amount
    from chain as c
    cross join bounds as b
    left join active as a on a.seller_id = c.seller_id and a.seq = c.next_seq
    cross join lateral (
        -- the week a positive carry falls due (never a closed one)
        select case when c.carried_over_out > 0 and c.carry_since is not null then greatest(
            c.carry_since + 7 * {{ carry_weeks }},
            coalesce(b.closed_through, '-infinity'::date) + 7
        ) end as due_week
    ) as d
    cross join lateral (
        select
            n.week,
            n.from_active,
            case when n.from_active then a.gross else 0 end as gross,
            case when n.from_active then a.refunds else 0 end as refunds,
            case when n.from_active then a.gateway_fees else 0 end as gateway_fees,
            case when n.from_active then a.commission else 0 end as commission,
            case when n.from_active then a.line_count else 0 end as line_count,
            case when n.from_active then a.late_line_count else 0 end as late_line_count,
            case when n.from_active then a.late_amount else 0 end as late_amount,
            m.net,
            m.due,
            case when m.net >= {{ minimum }} or (m.due and m.net > 0) then m.net else 0 end
                as payout
        from (
            select
                case
                    when d.due_week is not null
                         and (a.settlement_week is null or d.due_week < a.settlement_week)
                    then d.due_week else a.settlement_week
                end as week,
                not (d.due_week is not null
                     and (a.settlement_week is null or d.due_week < a.settlement_week))
                    as from_active
        ) as n
        cross join lateral (
            select
                (case when n.from_active
                      then a.gross - a.refunds - a.gateway_fees - a.commission else 0 end
                 + c.carried_over_out)::bigint as net,
                coalesce(c.carried_over_out > 0 and n.week >= d.due_week, false) as due
        ) as m
    ) as p
    where p.week is not null and p.week <= b.last_ended_week
),
open_rows as (
    select c.*, coalesce(r.commission_rate_bps, 0) as commission_rate_bps
    from chain as c
    left join rates as r
        on r.seller_id = c.seller_id and r.effective_week <= c.settlement_week
        and (r.effective_until is null or c.settlement_week < r.effective_until)
    where c.is_row
)
select
    settlement_id, settlement_key, seller_id, settlement_week, settlement_week_end, gross,
    refunds, gateway_fees, commission_rate_bps, commission, carried_over_in, net, payout,
    carried_over_out, carry_due, carry_since, previous_week, line_count, late_line_count,
    late_amount, true as is_closed, closed_at
from closed
union all
select
    md5(seller_id::text || ':' || settlement_week::text)::uuid,
    seller_id::text || ':' || settlement_week::text,
    seller_id,
    settlement_week,
    settlement_week + 6,
    gross,
    refunds,
    gateway_fees,
    commission_rate_bps,
    commission,
    carried_over_in,
    net,
    payout,
    carried_over_out,
    carry_due,
    carry_since,
    previous_week,
    line_count,
    late_line_count,
    late_amount,
    false,
    null::timestamptz
from open_rows
