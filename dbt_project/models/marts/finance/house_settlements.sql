-- LAKOO's own (house-brand) orders per week, reported apart from seller settlements.
select
    settlement_week,
    settlement_week + 6 as settlement_week_end,
    gross,
    refunds,
    gateway_fees,
    gross - refunds - gateway_fees as net,
    line_count
from {{ ref('int_settlement_weeks') }}
where is_house and settlement_week + 7 <= {{ settle_through() }}
