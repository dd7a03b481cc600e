"""The brand service's settings and app (port 3005, brand_db)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from fastapi import FastAPI
from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from api.kit.app import create_service_app
from api.kit.client import ServiceClient
from api.kit.settings import ServiceSettings


class BrandSettings(ServiceSettings):
    """``BRAND_*`` plus ``PRODUCT_SERVICE_URL`` (costs come from the product service)."""

    model_config = SettingsConfigDict(env_prefix="BRAND_")
    service_name: ClassVar[str] = "brand"

    product_service_url: str = Field(
        "http://127.0.0.1:3002",
        validation_alias=AliasChoices("PRODUCT_SERVICE_URL", "product_service_url"),
    )


@lru_cache
def get_settings() -> BrandSettings:
    """The process's settings (tests build their own copies)."""
    return BrandSettings()


async def _open_clients(app: FastAPI) -> None:
    settings: BrandSettings = app.state.settings
    # Tests put a client on app.state first (ASGI transport to an in-process product app).
    if getattr(app.state, "product_client", None) is None:
        app.state.product_client = ServiceClient(
            settings.product_service_url,
            internal_api_key=settings.internal_api_key.get_secret_value(),
            name="product",
        )


async def _close_clients(app: FastAPI) -> None:
    await app.state.product_client.aclose()


def create_app(settings: BrandSettings | None = None) -> FastAPI:
    """The brand service's FastAPI app."""
    from api.brand.routes import router

    app = create_service_app(
        settings=settings or get_settings(),
        routers=[router],
        title="LAKOO brand",
        description="House brands, brand prices, collections and product curation.",
        on_startup=[_open_clients],
        on_shutdown=[_close_clients],
    )
    app.state.product_client = None
    return app
