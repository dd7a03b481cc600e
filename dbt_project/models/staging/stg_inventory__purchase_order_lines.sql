-- Lines ordered on purchase_order.created.
select
    e.event_id,
    {{ p_uuid('po_id', 'e.payload') }} as po_id,
    {{ p_uuid('product_id', 'l.line') }} as product_id,
    {{ p_uuid('variant_id', 'l.line') }} as variant_id,
    {{ p_int('bundles', 'l.line') }} as bundles,
    {{ p_int('units_ordered', 'l.line') }} as units_ordered,
    {{ p_bigint('unit_cost', 'l.line') }} as unit_cost
from {{ source('raw', 'events') }} as e
cross join lateral jsonb_array_elements(e.payload -> 'lines') as l (line)
where e.event_type = 'purchase_order.created'
