"""The warehouse's settings (``WAREHOUSE_*``), with an injectable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import ClassVar

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from api.kit.settings import ServiceSettings


class WarehouseSettings(ServiceSettings):
    """``WAREHOUSE_*`` plus ``PRODUCT_SERVICE_URL`` (variants learnt on demand)."""

    model_config = SettingsConfigDict(env_prefix="WAREHOUSE_")
    service_name: ClassVar[str] = "warehouse"

    # payment window (30 min) + 5 min grace, DOMAIN.md warehouse
    reservation_ttl_minutes: int = 35
    default_reorder_point: int = 5
    # group commit of reservations (service/reservation_writer.py): writer tasks, the most
    # checkouts one transaction takes, and how long a writer waits for more to queue up
    reservation_writers: int = 2
    reservation_batch_size: int = 128
    reservation_batch_window_ms: float = 2.0
    # POs costing more than this need an admin; at or below it warehouse staff may approve
    po_admin_approval_threshold: int = 50_000_000
    expiry_batch_size: int = 200
    expiry_interval_seconds: float = 30.0
    # Moves the service's clock: tests shift time forward instead of sleeping.
    clock_offset_seconds: float = 0.0
    product_service_url: str = Field(
        "http://127.0.0.1:3002",
        validation_alias=AliasChoices("PRODUCT_SERVICE_URL", "product_service_url"),
    )

    def now(self) -> datetime:
        """The service's idea of the current time (UTC, shifted by ``clock_offset_seconds``)."""
        return datetime.now(UTC) + timedelta(seconds=self.clock_offset_seconds)


@lru_cache
def get_settings() -> WarehouseSettings:
    """The process's settings (tests build their own copies)."""
    return WarehouseSettings()
