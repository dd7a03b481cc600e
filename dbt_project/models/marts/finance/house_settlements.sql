{{ config(materialized='view') }}
-- LAKOO's own (house-brand) orders per week, reported apart from seller settlements: closed
-- weeks as recorded when they closed, open ended weeks from their lines.
with bounds as (
    -- the last closed week as of now (the view is read after closes), the last ended week as
    -- of the dbt run that computed the lines
    select
        (select max(settlement_week) from {{ source('closing', 'weeks') }}) as closed_through,
        last_ended_week
    from {{ ref('settlement_status') }}
),
open_weeks as (
    select
        w.settlement_week,
        sum(w.gross)::bigint as gross,
        sum(w.refunds)::bigint as refunds,
        sum(w.gateway_fees)::bigint as gateway_fees,
        sum(w.line_count)::bigint as line_count,
        coalesce(sum(w.line_count) filter (where w.business_week < w.settlement_week), 0)::bigint
            as late_line_count
    from {{ ref('int_settlement_weeks') }} as w
    cross join bounds as b
    where w.is_house
      and w.settlement_week > coalesce(b.closed_through, '-infinity'::date)
      and w.settlement_week <= b.last_ended_week
    group by w.settlement_week
)
select
    settlement_week, settlement_week_end, gross, refunds, gateway_fees, net, line_count,
    late_line_count, true as is_closed, closed_at
from {{ source('closing', 'house_settlements') }}
union all
select
    settlement_week,
    settlement_week + 6,
    gross,
    refunds,
    gateway_fees,
    gross - refunds - gateway_fees,
    line_count,
    late_line_count,
    false,
    null::timestamptz
from open_weeks
