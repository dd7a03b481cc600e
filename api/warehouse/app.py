"""The warehouse app (port 3012, warehouse_db): the factory on the service's settings."""

from __future__ import annotations

from fastapi import FastAPI

from api.kit.app import create_service_app
from api.kit.catalog import close_product_catalog, open_product_catalog
from api.warehouse.settings import WarehouseSettings, get_settings


def create_app(settings: WarehouseSettings | None = None) -> FastAPI:
    """The warehouse's FastAPI app; its product-catalogue reader sits on ``app.state.catalog``."""
    from api.warehouse.routes import router

    app = create_service_app(
        settings=settings or get_settings(),
        routers=[router],
        title="LAKOO warehouse",
        description="Stock, reservations, grosir bundles, purchase orders and stock alerts.",
        on_startup=[open_product_catalog],
        on_shutdown=[close_product_catalog],
    )
    app.state.product_client = None
    app.state.transports = {}  # tests: in-process upstreams (api.kit.catalog)
    return app
