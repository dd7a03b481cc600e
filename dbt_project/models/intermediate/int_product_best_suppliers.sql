-- For each house product, the catalogue supplier purchase orders go to, ranked as the warehouse
-- ranks them (api/warehouse/service/suppliers.py): active suppliers only; standing excellent,
-- average, unrated, poor, very poor; then the higher score, the cheaper bundle, the code.
with suppliers as (
    select distinct on (supplier_id) supplier_id, code, status
    from {{ ref('stg_supplier__suppliers') }}
    order by supplier_id, occurred_at desc, landing_id desc
),
standings as (
    select distinct on (supplier_id) supplier_id, standing, score
    from (
        select supplier_id, standing, score, occurred_at, landing_id
        from {{ ref('stg_supplier__suppliers') }}
        union all
        select supplier_id, standing, score, occurred_at, landing_id
        from {{ ref('stg_supplier__standings') }}
    ) as moves
    order by supplier_id, occurred_at desc, landing_id desc
),
offers as (
    select distinct supplier_id, product_id, bundle_cost, min_bundles, lead_time_days
    from {{ ref('stg_supplier__catalogue') }}
),
ranked as (
    select
        o.*,
        st.standing,
        st.score,
        row_number() over (
            partition by o.product_id
            order by
                case st.standing
                    when 'excellent' then 4 when 'average' then 3 when 'unrated' then 2
                    when 'poor' then 1 else 0
                end desc,
                coalesce(st.score, 0) desc,
                o.bundle_cost,
                s.code
        ) as rank
    from offers as o
    join suppliers as s on s.supplier_id = o.supplier_id and s.status = 'active'
    join standings as st on st.supplier_id = o.supplier_id
)
select supplier_id, product_id, bundle_cost, min_bundles, lead_time_days, standing, score
from ranked
where rank = 1
