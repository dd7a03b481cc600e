-- Each product's rating (with its seller; null for house products) over its approved reviews,
-- recomputed from the review events: count, average, distribution and the Bayesian average
-- that ranks products (prior mean and weight as DOMAIN.md sets them), plus what waits for or
-- failed moderation, and the count the review service itself last published.
with reviews as (
    select * from {{ ref('int_reviews_current') }}
),
published as (
    select distinct on (product_id) product_id, summary_count
    from {{ ref('stg_review__moderation_outcomes') }}
    where summary_version is not null
    order by product_id, summary_version desc
)
select
    r.product_id,
    max(r.product_name) as product_name,
    r.seller_id,
    count(*) filter (where r.status = 'approved') as approved_reviews,
    coalesce(sum(r.rating) filter (where r.status = 'approved'), 0) as rating_sum,
    round(avg(r.rating) filter (where r.status = 'approved'), 2) as average_rating,
    round(
        ({{ var('rating_prior_mean') }} * {{ var('rating_prior_weight') }}
            + coalesce(sum(r.rating) filter (where r.status = 'approved'), 0))::numeric
            / ({{ var('rating_prior_weight') }} + count(*) filter (where r.status = 'approved')),
        4
    ) as bayesian_average,
    {% for stars in range(1, 6) -%}
    count(*) filter (where r.status = 'approved' and r.rating = {{ stars }}) as stars_{{ stars }},
    {% endfor -%}
    count(*) filter (where r.status = 'pending') as pending_reviews,
    count(*) filter (where r.status = 'rejected') as rejected_reviews,
    count(*) filter (where r.status = 'approved' and r.image_count > 0) as reviews_with_photos,
    max(r.last_approved_at) as last_approved_at,
    p.summary_count as service_count
from reviews as r
left join published as p on p.product_id = r.product_id
group by r.product_id, r.seller_id, p.summary_count
