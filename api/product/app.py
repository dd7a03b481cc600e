"""The product service's settings and app (port 3002, product_db)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import ClassVar, Literal, Self

from fastapi import FastAPI
from pydantic import SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from api.kit.app import create_service_app
from api.kit.settings import ServiceSettings
from api.kit.storage import LocalMediaStorage, MediaStorage, S3MediaStorage

REPO_ROOT = Path(__file__).resolve().parents[2]


class ProductSettings(ServiceSettings):
    """``PRODUCT_*``: the database and where images are stored."""

    model_config = SettingsConfigDict(env_prefix="PRODUCT_")
    service_name: ClassVar[str] = "product"

    media_backend: Literal["local", "s3"] = "local"
    media_root: Path = REPO_ROOT / ".lakoo" / "media"
    media_base_url: str = "/media"
    s3_endpoint: str = ""
    s3_bucket: str = ""
    s3_region: str = "ap-southeast-3"  # Jakarta
    s3_access_key: str = ""
    # a secret only the S3 backend needs; when set it must be usable like any other
    s3_secret_key: SecretStr | None = None
    s3_public_base_url: str | None = None

    @model_validator(mode="after")
    def _s3_needs_its_secret(self) -> Self:
        if self.media_backend == "s3" and self.s3_secret_key is None:
            raise ValueError("PRODUCT_S3_SECRET_KEY must be set when PRODUCT_MEDIA_BACKEND=s3")
        return self


@lru_cache
def get_settings() -> ProductSettings:
    """The process's settings (tests build their own copies)."""
    return ProductSettings()


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
