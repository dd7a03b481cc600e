-- seller.commission_changed: a seller's new commission rate and the date it applies from.
select
    event_id,
    landing_id,
    {{ p_uuid('seller_id') }} as seller_id,
    {{ p_int('commission_rate_bps') }} as commission_rate_bps,
    {{ p_int('previous_rate_bps') }} as previous_rate_bps,
    {{ p_date('effective_from') }} as effective_from,
    {{ p_ts('changed_at') }} as changed_at
from {{ source('raw', 'events') }}
where event_type = 'seller.commission_changed'
