-- Each supplier's current catalogue (the offers of its latest supplier.created/updated, which
-- carries the whole catalogue), one row per size of each offer's bundle.
with latest as (
    select distinct on (supplier_id) event_id, supplier_id
    from {{ ref('stg_supplier__suppliers') }}
    order by supplier_id, occurred_at desc, landing_id desc
)
select
    l.supplier_id,
    {{ p_uuid('product_id', 'o.offer') }} as product_id,
    {{ p_bigint('unit_cost', 'o.offer') }} as unit_cost,
    {{ p_bigint('bundle_cost', 'o.offer') }} as bundle_cost,
    {{ p_int('min_bundles', 'o.offer') }} as min_bundles,
    {{ p_int('lead_time_days', 'o.offer') }} as lead_time_days,
    {{ p_uuid('variant_id', 's.share') }} as variant_id,
    {{ p_int('units', 's.share') }} as units
from latest as l
join {{ source('raw', 'events') }} as e on e.event_id = l.event_id
cross join lateral jsonb_array_elements(coalesce(e.payload -> 'catalogue', '[]')) as o (offer)
cross join lateral jsonb_array_elements(o.offer -> 'units_per_bundle') as s (share)
