"""The brand app (port 3005, brand_db): the factory on the service's settings."""

from __future__ import annotations

from fastapi import FastAPI

from api.brand.settings import BrandSettings, get_settings
from api.kit.app import create_service_app
from api.kit.catalog import close_product_catalog, open_product_catalog


def create_app(settings: BrandSettings | None = None) -> FastAPI:
    """The brand service's FastAPI app."""
    from api.brand.routes import router

    app = create_service_app(
        settings=settings or get_settings(),
        routers=[router],
        title="LAKOO brand",
        description="House brands, brand prices, collections and product curation.",
        on_startup=[open_product_catalog],
        on_shutdown=[close_product_catalog],
    )
    app.state.product_client = None
    app.state.transports = {}  # tests: in-process upstreams (api.kit.catalog)
    return app
