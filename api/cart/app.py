"""The cart service's settings and app (port 3003, cart_db)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

import httpx
from fastapi import FastAPI
from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from api.cart import routes
from api.cart.clients import Catalog
from api.kit.app import create_service_app
from api.kit.client import ServiceClient
from api.kit.settings import ServiceSettings


class CartSettings(ServiceSettings):
    """``CART_*`` plus the shared ``<SERVICE>_SERVICE_URL`` of the services the cart reads."""

    model_config = SettingsConfigDict(env_prefix="CART_")
    service_name: ClassVar[str] = "cart"

    product_service_url: str = Field(
        "http://127.0.0.1:3002",
        validation_alias=AliasChoices("PRODUCT_SERVICE_URL", "product_service_url"),
    )
    warehouse_service_url: str = Field(
        "http://127.0.0.1:3012",
        validation_alias=AliasChoices("WAREHOUSE_SERVICE_URL", "warehouse_service_url"),
    )
    upstream_timeout_seconds: float = 3.0
    max_quantity_per_item: int = 999


@lru_cache
def get_settings() -> CartSettings:
    """The process's settings (tests build their own copies)."""
    return CartSettings()


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
