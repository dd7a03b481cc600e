-- One row per order line frozen in order.created.
select
    e.event_id,
    e.landing_id,
    {{ p_uuid('order_id', 'e.payload') }} as order_id,
    {{ p_uuid('checkout_id', 'e.payload') }} as checkout_id,
    {{ p_uuid('user_id', 'e.payload') }} as user_id,
    {{ p_text('fulfilment', 'e.payload') }} as fulfilment,
    {{ p_uuid('order_item_id', 'i.item') }} as order_item_id,
    {{ p_uuid('product_id', 'i.item') }} as product_id,
    {{ p_uuid('variant_id', 'i.item') }} as variant_id,
    {{ p_text('sku', 'i.item') }} as sku,
    {{ p_uuid('brand_id', 'i.item') }} as brand_id,
    {{ p_uuid('seller_id', 'i.item') }} as seller_id,
    {{ p_bigint('unit_price', 'i.item') }} as unit_price,
    {{ p_int('quantity', 'i.item') }} as quantity,
    {{ p_bigint('line_total', 'i.item') }} as line_total,
    {{ p_ts('created_at', 'e.payload') }} as ordered_at
from {{ source('raw', 'events') }} as e
cross join lateral jsonb_array_elements(e.payload -> 'items') as i (item)
where e.event_type = 'order.created'
