-- review.created: each review as written (rating, whether it has text and photos).
select
    event_id,
    landing_id,
    {{ p_uuid('review_id') }} as review_id,
    {{ p_uuid('product_id') }} as product_id,
    {{ p_text('product_name') }} as product_name,
    {{ p_uuid('seller_id') }} as seller_id,
    {{ p_uuid('brand_id') }} as brand_id,
    {{ p_uuid('user_id') }} as user_id,
    {{ p_int('rating') }} as rating,
    {{ p_text('text') }} is not null as has_text,
    {{ p_int('image_count') }} as image_count,
    {{ p_text('status') }} as status,
    {{ p_ts('created_at') }} as created_at
from {{ source('raw', 'events') }}
where event_type = 'review.created'
