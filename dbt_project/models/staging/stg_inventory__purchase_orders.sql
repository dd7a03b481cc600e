-- purchase_order.* events: header fields and the event's own timestamp.
select
    event_id,
    event_type,
    occurred_at,
    {{ p_uuid('po_id') }} as po_id,
    {{ p_text('po_number') }} as po_number,
    {{ p_uuid('supplier_id') }} as supplier_id,
    {{ p_date('expected_date') }} as expected_date,
    {{ p_ts('ordered_at') }} as ordered_at,
    {{ p_ts('sent_at') }} as sent_at,
    {{ p_ts('received_at') }} as received_at,
    {{ p_bool('is_final') }} as is_final,
    {{ p_bigint('total_cost') }} as total_cost
from {{ source('raw', 'events') }}
where event_type in (
    'purchase_order.created', 'purchase_order.approved', 'purchase_order.sent',
    'purchase_order.received', 'purchase_order.cancelled'
)
