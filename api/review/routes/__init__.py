"""The review service's routers: reviews, and what others do with them."""

from api.review.routes.community import router as community_router
from api.review.routes.reviews import router as reviews_router

routers = [community_router, reviews_router]

__all__ = ["routers"]
