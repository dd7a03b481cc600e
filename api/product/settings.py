"""The product service's settings (``PRODUCT_*``: the database and where images are stored)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import ClassVar, Literal, Self

from pydantic import SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from api.kit.settings import ServiceSettings

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
