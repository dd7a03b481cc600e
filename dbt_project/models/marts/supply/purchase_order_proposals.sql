-- Draft purchase-order lines per house product with a bundle config: bundles to cover
-- backorders + forecast demand over (lead time + 14 days) − available stock, in whole bundles,
-- never so many that a size's projected surplus exceeds its tolerance, at least the supplier's
-- minimum. A product whose minimum would overflow a tolerance is reported as blocked, not bought.
-- The supplier is the catalogue supplier in the best standing (int_product_best_suppliers, as
-- the warehouse chooses), on its offer's bundle shape, bundle cost, minimum and lead time; a
-- product nobody offers falls back to its latest inventory.bundle_configured terms, and one
-- configured without a supplier cannot be bought and is left out.
with variants as (
    select
        c.product_id,
        coalesce(b.supplier_id, c.supplier_id) as supplier_id,
        coalesce(b.bundle_cost, c.bundle_cost) as bundle_cost,
        coalesce(b.min_bundles, c.min_bundles) as min_bundles,
        v.variant_id,
        case when b.supplier_id is null then v.units_per_bundle else coalesce(o.units, 0) end
            as units_per_bundle,
        v.max_excess_units,
        coalesce(s.available, 0) as available,
        coalesce(s.backordered, 0) as backordered,
        coalesce(vel.units_per_day, 0) as units_per_day,
        coalesce(b.lead_time_days, l.lead_time_days, {{ var('default_lead_time_days') }})
            as lead_time_days
    from {{ ref('stg_inventory__bundle_configs') }} as c
    join {{ ref('stg_inventory__bundle_variants') }} as v on v.product_id = c.product_id
    left join {{ ref('int_product_best_suppliers') }} as b on b.product_id = c.product_id
    left join {{ ref('stg_supplier__catalogue') }} as o
        on o.supplier_id = b.supplier_id and o.product_id = c.product_id
        and o.variant_id = v.variant_id
    left join {{ ref('int_stock_current') }} as s
        on s.variant_id = v.variant_id and s.location_type = 'central'
    left join {{ ref('int_variant_velocity') }} as vel
        on vel.variant_id = v.variant_id and vel.location_id = s.location_id
    left join {{ ref('int_supplier_lead_times') }} as l on l.supplier_id = c.supplier_id
    where coalesce(b.supplier_id, c.supplier_id) is not null
),
needs as (
    select
        *,
        ceil(units_per_day * (lead_time_days + 14))::integer as forecast_units,
        backordered + ceil(units_per_day * (lead_time_days + 14))::integer - available as net_need
    from variants
),
per_product as (
    select
        product_id,
        max(case when units_per_bundle > 0 and net_need > 0
            then ceil(net_need::numeric / units_per_bundle) else 0 end)::integer as bundles_to_cover,
        min(case when units_per_bundle > 0
            then floor((net_need + max_excess_units)::numeric / units_per_bundle) end)::integer
            as max_bundles_within_tolerance,
        max(min_bundles) as min_bundles
    from needs
    group by product_id
),
decided as (
    select
        p.*,
        greatest(
            least(p.bundles_to_cover, coalesce(p.max_bundles_within_tolerance, p.bundles_to_cover)),
            p.min_bundles
        ) as wanted
    from per_product as p
    where p.bundles_to_cover > 0
)
select
    md5(n.product_id::text || ':' || {{ wib_date(as_of()) }}::text) as proposal_key,
    n.product_id,
    n.variant_id,
    n.supplier_id,
    case when d.wanted <= coalesce(d.max_bundles_within_tolerance, d.wanted)
        then 'proposed' else 'blocked_by_tolerance' end as status,
    d.bundles_to_cover,
    d.max_bundles_within_tolerance,
    n.min_bundles,
    b.bundles,
    n.units_per_bundle,
    b.bundles * n.units_per_bundle as units_ordered,
    n.available,
    n.backordered,
    n.forecast_units,
    n.net_need,
    b.bundles * n.units_per_bundle - n.net_need as projected_surplus,
    n.max_excess_units,
    n.bundle_cost,
    b.bundles * n.bundle_cost as proposal_cost,
    n.lead_time_days,
    {{ as_of() }} as computed_at
from needs as n
join decided as d on d.product_id = n.product_id
cross join lateral (
    select case when d.wanted <= coalesce(d.max_bundles_within_tolerance, d.wanted)
        then d.wanted else 0 end as bundles
) as b
