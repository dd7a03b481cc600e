"""The brand service's settings and app (port 3005, brand_db)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from fastapi import FastAPI
from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from api.kit.app import create_service_app
from api.kit.catalog import close_product_catalog, open_product_catalog
from api.kit.settings import ServiceSettings


class BrandSettings(ServiceSettings):
    """``BRAND_*`` plus ``PRODUCT_SERVICE_URL`` (variants and costs learnt on demand)."""

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
