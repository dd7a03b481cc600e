-- Finally received purchase orders with what was ordered, received and damaged.
with headers as (
    select
        po_id,
        max(supplier_id::text)::uuid as supplier_id,
        max(expected_date) as expected_date,
        min(ordered_at) as ordered_at,
        min(sent_at) as sent_at,
        max(received_at) filter (where is_final) as final_received_at
    from {{ ref('stg_inventory__purchase_orders') }}
    group by po_id
),
ordered as (
    select po_id, sum(units_ordered) as units_ordered
    from {{ ref('stg_inventory__purchase_order_lines') }}
    group by po_id
),
received as (
    select
        po_id,
        sum(units_received) as units_received,
        sum(units_damaged) as units_damaged,
        sum(units_good) as units_good
    from (select distinct * from {{ ref('stg_inventory__purchase_order_receipt_lines') }}) as r
    group by po_id
)
select
    h.po_id,
    h.supplier_id,
    h.expected_date,
    coalesce(h.sent_at, h.ordered_at) as lead_started_at,
    h.final_received_at,
    {{ wib_date('h.final_received_at') }} <= h.expected_date as on_time,
    extract(epoch from h.final_received_at - coalesce(h.sent_at, h.ordered_at)) / 86400.0
        as lead_time_days,
    h.expected_date - {{ wib_date('coalesce(h.sent_at, h.ordered_at)') }} as promised_lead_time_days,
    o.units_ordered,
    coalesce(r.units_received, 0) as units_received,
    coalesce(r.units_damaged, 0) as units_damaged,
    coalesce(r.units_good, 0) as units_good
from headers as h
join ordered as o on o.po_id = h.po_id
left join received as r on r.po_id = h.po_id
where h.final_received_at is not null
