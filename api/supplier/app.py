"""The supplier service's app factory (port 3004, supplier_db)."""

from __future__ import annotations

from fastapi import FastAPI

from api.kit.app import create_service_app
from api.kit.catalog import close_product_catalog, open_product_catalog
from api.supplier.settings import SupplierSettings, get_settings

__all__ = ["create_app", "get_settings"]


def create_app(settings: SupplierSettings | None = None) -> FastAPI:
    """The supplier service's FastAPI app; its product-catalogue reader is ``app.state.catalog``."""
    from api.supplier.routes import router

    app = create_service_app(
        settings=settings or get_settings(),
        routers=[router],
        title="LAKOO supplier",
        description="Suppliers, their catalogues of house products, and their performance.",
        on_startup=[open_product_catalog],
        on_shutdown=[close_product_catalog],
    )
    app.state.product_client = None
    app.state.transports = {}  # tests: in-process upstreams (api.kit.catalog)
    return app
