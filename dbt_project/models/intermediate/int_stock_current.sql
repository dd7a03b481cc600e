-- The latest known stock of every (location, variant), as carried by stock events.
select distinct on (location_id, variant_id)
    location_id, location_type, product_id, variant_id,
    on_hand, reserved, available, backordered, occurred_at as stock_as_of
from {{ ref('stg_inventory__stock_snapshots') }}
where occurred_at <= {{ as_of() }}
order by location_id, variant_id, occurred_at desc, landing_id desc
