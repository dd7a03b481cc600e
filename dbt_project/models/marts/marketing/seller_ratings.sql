-- Each third-party seller's rating over the approved reviews of all its products (what the
-- seller dashboard shows), with the same Bayesian prior as products.
select
    seller_id,
    count(*) as rated_products,
    sum(approved_reviews) as approved_reviews,
    round(sum(rating_sum)::numeric / nullif(sum(approved_reviews), 0), 2) as average_rating,
    round(
        ({{ var('rating_prior_mean') }} * {{ var('rating_prior_weight') }} + sum(rating_sum))::numeric
            / ({{ var('rating_prior_weight') }} + sum(approved_reviews)),
        4
    ) as bayesian_average
from {{ ref('product_ratings') }}
where seller_id is not null and approved_reviews > 0
group by seller_id
