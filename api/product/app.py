"""The product app (port 3002, product_db): media storage and the factory."""

from __future__ import annotations

from fastapi import FastAPI

from api.kit.app import create_service_app
from api.kit.storage import LocalMediaStorage, MediaStorage, S3MediaStorage
from api.product.settings import ProductSettings, get_settings


def make_storage(settings: ProductSettings) -> MediaStorage:
    """The configured media storage (local files unless ``PRODUCT_MEDIA_BACKEND=s3``)."""
    if settings.media_backend == "s3" and settings.s3_secret_key is not None:
        return S3MediaStorage(
            endpoint=settings.s3_endpoint,
            bucket=settings.s3_bucket,
            region=settings.s3_region,
            access_key=settings.s3_access_key,
            secret_key=settings.s3_secret_key.get_secret_value(),
            public_base_url=settings.s3_public_base_url,
        )
    return LocalMediaStorage(settings.media_root, base_url=settings.media_base_url)


async def _open_storage(app: FastAPI) -> None:
    app.state.media_storage = make_storage(app.state.settings)


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
