{{ config(materialized='view') }}
-- Each seller's shop as the finance pack names it: number, shop name (verified over
-- registered), and the payout bank account's last four digits (the latest change).
with names as (
    select seller_id, seller_number, shop_name, registered_at as at, 1 as rank
    from {{ ref('stg_seller__sellers_registered') }}
    union all
    select seller_id, null, shop_name, verified_at, 2
    from {{ ref('stg_seller__sellers_verified') }}
),
named as (
    select distinct on (seller_id) seller_id, shop_name
    from names
    where shop_name is not null
    order by seller_id, rank desc, at desc
),
numbered as (
    select distinct on (seller_id) seller_id, seller_number
    from names
    where seller_number is not null
    order by seller_id, at desc
),
accounts as (
    select distinct on (seller_id) seller_id, bank_code, account_number_last4, status
    from {{ ref('stg_seller__bank_accounts_changed') }}
    order by seller_id, changed_at desc, landing_id desc
)
select
    n.seller_id,
    s.seller_number,
    n.shop_name,
    a.bank_code,
    a.account_number_last4,
    a.status as bank_account_status
from named as n
left join numbered as s on s.seller_id = n.seller_id
left join accounts as a on a.seller_id = n.seller_id
