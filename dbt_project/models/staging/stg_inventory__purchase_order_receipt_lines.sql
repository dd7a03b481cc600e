-- What each purchase_order.received receipt brought in, per variant.
select
    e.event_id,
    {{ p_uuid('po_id', 'e.payload') }} as po_id,
    {{ p_uuid('receipt_id', 'e.payload') }} as receipt_id,
    {{ p_ts('received_at', 'e.payload') }} as received_at,
    {{ p_uuid('variant_id', 'l.line') }} as variant_id,
    {{ p_int('units_received', 'l.line') }} as units_received,
    {{ p_int('units_damaged', 'l.line') }} as units_damaged,
    {{ p_int('units_good', 'l.line') }} as units_good
from {{ source('raw', 'events') }} as e
cross join lateral jsonb_array_elements(e.payload -> 'receipt_lines') as l (line)
where e.event_type = 'purchase_order.received'
