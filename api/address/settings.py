"""The address service's settings (``ADDRESS_*``), with an injectable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from api.kit.settings import ServiceSettings


class AddressSettings(ServiceSettings):
    """``ADDRESS_*`` settings."""

    model_config = SettingsConfigDict(env_prefix="ADDRESS_")
    service_name: ClassVar[str] = "address"

    max_addresses_per_user: int = 20
    # Moves the service's clock: tests shift time forward instead of sleeping.
    clock_offset_seconds: float = 0.0

    def now(self) -> datetime:
        """The service's idea of the current time (UTC, shifted by ``clock_offset_seconds``)."""
        return datetime.now(UTC) + timedelta(seconds=self.clock_offset_seconds)


@lru_cache
def get_settings() -> AddressSettings:
    """The process's settings (tests build their own copies)."""
    return AddressSettings()
