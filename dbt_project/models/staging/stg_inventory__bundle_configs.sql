-- Each house product's grosir bundle terms: its latest inventory.bundle_configured (a config
-- replaces the previous one whole; ties on occurred_at go to the later landed event).
with configured as (
    select
        event_id,
        landing_id,
        occurred_at,
        {{ p_uuid('product_id') }} as product_id,
        {{ p_uuid('supplier_id') }} as supplier_id,
        {{ p_bigint('bundle_cost') }} as bundle_cost,
        {{ p_int('min_bundles_per_po') }} as min_bundles,
        {{ p_uuid('configured_by') }} as configured_by,
        {{ p_ts('configured_at') }} as configured_at
    from {{ source('raw', 'events') }}
    where event_type = 'inventory.bundle_configured'
)
select distinct on (product_id) *
from configured
order by product_id, occurred_at desc, landing_id desc
