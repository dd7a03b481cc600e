{{ config(
    materialized='incremental', unique_key=['payment_id', 'order_id'],
    incremental_strategy='append',
    indexes=[{'columns': ['payment_id', 'order_id']}, {'columns': ['landing_id']}]
) }}
-- Each paid payment's orders with their totals, kept incrementally.
select
    landing_id, event_id, payment_id, checkout_id, gateway_fee, order_id, seller_id, order_total
from {{ ref('stg_payment__payment_orders') }}
{{ landed_since_last_run() }}
