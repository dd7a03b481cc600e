"""The logistic service's settings (``LOGISTIC_*`` and Biteship's own names), with a clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import ClassVar

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from api.kit.settings import NO_SECRET, ServiceSettings
from api.logistic.biteship import BiteshipClient


class LogisticSettings(ServiceSettings):
    """``LOGISTIC_*`` plus the provider's own ``BITESHIP_*`` names (shared with the sandbox)."""

    model_config = SettingsConfigDict(env_prefix="LOGISTIC_")
    service_name: ClassVar[str] = "logistic"

    biteship_base_url: str = Field(
        "http://127.0.0.1:3091",
        validation_alias=AliasChoices("BITESHIP_BASE_URL", "biteship_base_url"),
    )
    biteship_api_key: SecretStr = Field(
        NO_SECRET,
        validation_alias=AliasChoices("BITESHIP_API_KEY", "biteship_api_key"),
    )
    biteship_webhook_secret: SecretStr = Field(
        NO_SECRET,
        validation_alias=AliasChoices("BITESHIP_WEBHOOK_SECRET", "biteship_webhook_secret"),
    )
    biteship_timeout_seconds: float = 10.0
    couriers: str = "jne,sicepat,jnt,anteraja"
    rate_cache_ttl_seconds: int = 6 * 3600
    # The central LAKOO warehouse (Cakung, Jakarta Timur) ships house orders; sellers' pickup
    # addresses are not in the order events yet, so their parcels start here too for now.
    warehouse_postal_code: str = "13910"
    warehouse_address: str = "Gudang LAKOO, Jl. Raya Cakung Cilincing, Jakarta Timur"
    warehouse_contact_phone: str = "+62215550100"
    # order events carry no weights yet: a typical garment with packaging
    default_item_weight_grams: int = 500
    # Moves the service's clock: tests shift time forward instead of sleeping.
    clock_offset_seconds: float = 0.0

    def now(self) -> datetime:
        """The service's idea of the current time (UTC, shifted by ``clock_offset_seconds``)."""
        return datetime.now(UTC) + timedelta(seconds=self.clock_offset_seconds)

    def biteship_client(self) -> BiteshipClient:
        """A client of the configured Biteship (the local sandbox unless told otherwise)."""
        return BiteshipClient(
            self.biteship_base_url,
            api_key=self.biteship_api_key.get_secret_value(),
            timeout=self.biteship_timeout_seconds,
        )


@lru_cache
def get_settings() -> LogisticSettings:
    """The process's settings (tests build their own copies)."""
    return LogisticSettings()
