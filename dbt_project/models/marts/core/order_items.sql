{{ config(materialized='incremental', unique_key='order_item_id', incremental_strategy='append',
    indexes=[{'columns': ['order_item_id']}, {'columns': ['landing_id']}, {'columns': ['order_id']}]) }}
-- Every order line ever sold, as frozen at checkout (append-only: incremental).
select
    order_item_id, order_id, checkout_id, fulfilment, product_id, variant_id, sku,
    brand_id, seller_id, unit_price, quantity, line_total, ordered_at, landing_id
from {{ ref('stg_order__items') }}
{{ landed_since_last_run() }}
