"""The product service's routers: public catalogue, categories, and internal lookups."""

from api.product.routes.categories import router as categories_router
from api.product.routes.internal import router as internal_router
from api.product.routes.products import router as products_router

routers = [products_router, categories_router, internal_router]

__all__ = ["routers"]
