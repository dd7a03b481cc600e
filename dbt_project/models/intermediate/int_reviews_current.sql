-- One row per review with its current moderation status: the latest of its approved /
-- flagged / rejected events (one review's events share a Kafka key, so they land in order),
-- or pending when a moderator has not decided yet.
with outcomes as (
    select distinct on (review_id) review_id, status_after, occurred_at
    from {{ ref('stg_review__moderation_outcomes') }}
    order by review_id, landing_id desc
),
approvals as (
    select review_id, max(occurred_at) as last_approved_at
    from {{ ref('stg_review__moderation_outcomes') }}
    where status_after = 'approved'
    group by review_id
)
select
    c.review_id,
    c.product_id,
    c.product_name,
    c.seller_id,
    c.brand_id,
    c.user_id,
    c.rating,
    c.has_text,
    c.image_count,
    c.created_at,
    coalesce(o.status_after, 'pending') as status,
    a.last_approved_at
from {{ ref('stg_review__reviews_created') }} as c
left join outcomes as o on o.review_id = c.review_id
left join approvals as a on a.review_id = c.review_id
