"""The cart app (port 3003, cart_db): the factory on the service's settings."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from api.cart import routes
from api.cart.clients import Catalog
from api.cart.settings import CartSettings, get_settings
from api.kit.app import create_service_app
from api.kit.client import ServiceClient


async def _open_clients(app: FastAPI) -> None:
    # Tests put in-process transports of the real apps on app.state.transports before start-up.
    settings: CartSettings = app.state.settings
    transports: dict[str, httpx.AsyncBaseTransport] = app.state.transports
    key = settings.internal_api_key.get_secret_value()
    app.state.catalog = Catalog(
        product=ServiceClient(
            settings.product_service_url,
            internal_api_key=key,
            name="product",
            timeout=settings.upstream_timeout_seconds,
            transport=transports.get("product"),
        ),
        warehouse=ServiceClient(
            settings.warehouse_service_url,
            internal_api_key=key,
            name="warehouse",
            timeout=settings.upstream_timeout_seconds,
            transport=transports.get("warehouse"),
        ),
    )


async def _close_clients(app: FastAPI) -> None:
    await app.state.catalog.aclose()


def create_app(settings: CartSettings | None = None) -> FastAPI:
    """The cart app; its upstream clients sit on ``app.state.catalog``."""
    app = create_service_app(
        settings=settings or get_settings(),
        routers=[routes.router, routes.internal_router],
        title="LAKOO cart",
        description="One active cart per user, with price snapshots and saved-for-later.",
        on_startup=[_open_clients],
        on_shutdown=[_close_clients],
    )
    app.state.transports = {}
    return app
