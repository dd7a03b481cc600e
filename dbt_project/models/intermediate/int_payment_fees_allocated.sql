{{ config(
    materialized='incremental', unique_key=['payment_id', 'order_id'],
    incremental_strategy='append',
    indexes=[{'columns': ['payment_id', 'order_id']}, {'columns': ['landing_id']}, {'columns': ['order_id']}]
) }}
-- A checkout's gateway fee split across its orders pro rata by total (floored), the rounding
-- remainder going to the largest order (ties: lowest order_id) so the shares sum to the fee.
-- A payment's orders arrive in one event, so only newly landed payments are split.
with shares as (
    select
        payment_id, order_id, seller_id, order_total, gateway_fee, landing_id,
        sum(order_total) over (partition by payment_id) as payment_orders_total,
        row_number() over (partition by payment_id order by order_total desc, order_id) as size_rank
    from {{ ref('int_payment_orders') }}
    {% if is_incremental() %}
    where landing_id > (select coalesce(max(landing_id), 0) from {{ this }})
    {% endif %}
),
floored as (
    select
        *,
        case
            when payment_orders_total = 0 then 0
            else floor(gateway_fee::numeric * order_total / payment_orders_total)::bigint
        end as base_share
    from shares
)
select
    payment_id,
    order_id,
    seller_id,
    order_total,
    gateway_fee,
    base_share
    + case
        when size_rank = 1 then gateway_fee - sum(base_share) over (partition by payment_id)
        else 0
    end as fee_share,
    landing_id
from floored
