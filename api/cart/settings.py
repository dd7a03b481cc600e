"""The cart service's settings (``CART_*`` and where product and warehouse answer)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

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
