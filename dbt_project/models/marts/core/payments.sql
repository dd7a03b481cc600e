{{ config(materialized='incremental', unique_key='payment_id', incremental_strategy='append',
    indexes=[{'columns': ['payment_id']}, {'columns': ['landing_id']}]) }}
-- Paid checkout payments with gateway fee and net (append-only: incremental).
select distinct on (payment_id)
    payment_id, payment_number, checkout_id, user_id, amount, gateway_fee, net_amount,
    method, paid_at, landing_id
from {{ ref('stg_payment__payments_paid') }}
{{ landed_since_last_run() }}
order by payment_id, landing_id
