-- LAKOO's own (house-brand) orders per week, reported apart from seller settlements.
select
    settlement_week,
    settlement_week + 6 as settlement_week_end,
    coalesce(sum(amount) filter (where line_type = 'sale'), 0)::bigint as gross,
    coalesce(-sum(amount) filter (where line_type = 'refund'), 0)::bigint as refunds,
    coalesce(-sum(amount) filter (where line_type = 'gateway_fee'), 0)::bigint as gateway_fees,
    sum(amount)::bigint as net,
    count(*) as line_count
from {{ ref('settlement_lines') }}
where is_house and settlement_week + 7 <= {{ settle_through() }}
group by settlement_week
