-- One row per order item of a reservation event (reserved, released, confirmed, fulfilled).
select
    e.event_id,
    e.event_type,
    e.occurred_at,
    {{ p_uuid('reservation_id', 'e.payload') }} as reservation_id,
    {{ p_uuid('order_id', 'e.payload') }} as order_id,
    {{ p_uuid('order_item_id', 'l.line') }} as order_item_id,
    {{ p_uuid('location_id', 'l.line') }} as location_id,
    {{ p_uuid('product_id', 'l.line') }} as product_id,
    {{ p_uuid('variant_id', 'l.line') }} as variant_id,
    {{ p_int('quantity', 'l.line') }} as quantity,
    {{ p_int('from_backorder', 'l.line') }} as from_backorder
from {{ source('raw', 'events') }} as e
cross join lateral jsonb_array_elements(e.payload -> 'items') as l (line)
where e.event_type in (
    'inventory.reserved', 'inventory.released', 'inventory.confirmed', 'inventory.fulfilled'
)
