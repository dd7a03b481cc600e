"""The brand service's settings (``BRAND_*`` and where the product service answers)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

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
