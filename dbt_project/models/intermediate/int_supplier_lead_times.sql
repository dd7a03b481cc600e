-- Each supplier's current promised lead time (latest supplier event).
select distinct on (supplier_id) supplier_id, code, name, status, lead_time_days
from {{ ref('stg_supplier__suppliers') }}
order by supplier_id, occurred_at desc
