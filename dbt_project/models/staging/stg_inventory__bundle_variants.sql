-- The sizes of each product's current bundle (the variants of its latest
-- inventory.bundle_configured): units per bundle, tolerance, effective reorder point.
select
    c.event_id,
    c.occurred_at,
    c.product_id,
    {{ p_uuid('variant_id', 'v.variant') }} as variant_id,
    {{ p_int('units_per_bundle', 'v.variant') }} as units_per_bundle,
    {{ p_int('max_excess_units', 'v.variant') }} as max_excess_units,
    {{ p_int('reorder_point', 'v.variant') }} as reorder_point
from {{ ref('stg_inventory__bundle_configs') }} as c
join {{ source('raw', 'events') }} as e on e.event_id = c.event_id
cross join lateral jsonb_array_elements(e.payload -> 'variants') as v (variant)
