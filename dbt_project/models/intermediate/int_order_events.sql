{{ config(materialized='incremental', unique_key='event_id', incremental_strategy='append',
    indexes=[{'columns': ['event_id']}, {'columns': ['landing_id']}, {'columns': ['order_id']}]) }}
-- Typed order events, kept incrementally: parsing jsonb once, not on every run.
select
    event_id, landing_id, event_type, status, status_at, order_id, order_number,
    checkout_id, user_id, seller_id, fulfilment, subtotal, shipping_cost, total
from {{ ref('stg_order__events') }}
{{ landed_since_last_run() }}
