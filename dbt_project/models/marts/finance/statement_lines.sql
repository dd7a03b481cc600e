{{ config(materialized='view') }}
-- The settlement lines as a statement shows them: each with its order's number and date (WIB),
-- and a refund line with its refund number.
select
    l.line_id,
    l.line_type,
    l.settlement_week,
    l.business_week,
    l.business_date,
    l.is_late,
    l.party,
    l.seller_id,
    l.is_house,
    l.order_id,
    o.order_number,
    {{ wib_date('o.created_at') }} as order_date,
    l.refund_id,
    r.refund_number,
    l.amount
from {{ ref('settlement_lines') }} as l
left join {{ ref('orders') }} as o on o.order_id = l.order_id
left join {{ ref('stg_payment__refunds_completed') }} as r on r.refund_id = l.refund_id
