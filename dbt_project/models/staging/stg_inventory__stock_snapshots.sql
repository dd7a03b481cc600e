-- Stock of a (location, variant) after a change, from stock events and reservation lines.
select
    event_id,
    landing_id,
    event_type,
    occurred_at,
    {{ p_uuid('location_id') }} as location_id,
    {{ p_text('location_type') }} as location_type,
    {{ p_uuid('product_id') }} as product_id,
    {{ p_uuid('variant_id') }} as variant_id,
    {{ p_int('on_hand') }} as on_hand,
    {{ p_int('reserved') }} as reserved,
    {{ p_int('available') }} as available,
    {{ p_int('backordered') }} as backordered,
    {{ p_int('reorder_point') }} as reorder_point
from {{ source('raw', 'events') }}
where event_type in ('inventory.adjusted', 'inventory.low_stock', 'inventory.out_of_stock')
union all
select
    e.event_id,
    e.landing_id,
    e.event_type,
    e.occurred_at,
    {{ p_uuid('location_id', 'l.line') }},
    {{ p_text('location_type', 'l.line') }},
    {{ p_uuid('product_id', 'l.line') }},
    {{ p_uuid('variant_id', 'l.line') }},
    ((l.line -> 'stock') ->> 'on_hand')::integer,
    ((l.line -> 'stock') ->> 'reserved')::integer,
    ((l.line -> 'stock') ->> 'available')::integer,
    ((l.line -> 'stock') ->> 'backordered')::integer,
    null::integer
from {{ source('raw', 'events') }} as e
cross join lateral jsonb_array_elements(e.payload -> 'items') as l (line)
where e.event_type in (
    'inventory.reserved', 'inventory.released', 'inventory.confirmed', 'inventory.fulfilled'
)
