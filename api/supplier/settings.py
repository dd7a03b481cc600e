"""The supplier service's settings (``SUPPLIER_*``) and their cached loader."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import ClassVar

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from api.kit.settings import ServiceSettings


class SupplierSettings(ServiceSettings):
    """``SUPPLIER_*`` plus ``PRODUCT_SERVICE_URL`` (house products learnt on demand)."""

    model_config = SettingsConfigDict(env_prefix="SUPPLIER_")
    service_name: ClassVar[str] = "supplier"

    product_service_url: str = Field(
        "http://127.0.0.1:3002",
        validation_alias=AliasChoices("PRODUCT_SERVICE_URL", "product_service_url"),
    )
    # Moves the service's clock: tests (and the demo's trading week) shift time instead of waiting.
    clock_offset_seconds: float = 0.0

    def now(self) -> datetime:
        """The service's idea of the current time (UTC, shifted by ``clock_offset_seconds``)."""
        return datetime.now(UTC) + timedelta(seconds=self.clock_offset_seconds)


@lru_cache
def get_settings() -> SupplierSettings:
    """The process's settings (tests build their own copies)."""
    return SupplierSettings()
