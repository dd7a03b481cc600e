"""The product app (port 3002, product_db): media storage and the factory."""

from __future__ import annotations

from fastapi import FastAPI

from api.kit.app import create_service_app
from api.product.settings import ProductSettings, get_settings


async def _open_storage(app: FastAPI) -> None:
    app.state.media_storage = app.state.settings.make_storage()


async def _close_storage(app: FastAPI) -> None:
    await app.state.media_storage.aclose()


def create_app(settings: ProductSettings | None = None) -> FastAPI:
    """The product service's FastAPI app."""
    from api.product.routes import routers

    return create_service_app(
        settings=settings or get_settings(),
        routers=routers,
        title="LAKOO product",
        description="Categories, products and variants, search, availability and brand offers.",
        on_startup=[_open_storage],
        on_shutdown=[_close_storage],
    )
