-- review.approved / review.flagged / review.rejected: a review entering or leaving the approved
-- set, with the product summary's version and count the service published after the change.
select
    event_id,
    landing_id,
    event_type,
    occurred_at,
    {{ p_uuid('review_id') }} as review_id,
    {{ p_uuid('product_id') }} as product_id,
    {{ p_uuid('seller_id') }} as seller_id,
    {{ p_int('rating') }} as rating,
    case event_type
        when 'review.approved' then 'approved'
        when 'review.flagged' then 'pending'
        else 'rejected'
    end as status_after,
    (payload -> 'summary' ->> 'version')::bigint as summary_version,
    (payload -> 'summary' ->> 'count')::integer as summary_count
from {{ source('raw', 'events') }}
where event_type in ('review.approved', 'review.flagged', 'review.rejected')
