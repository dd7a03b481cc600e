"""The warehouse app: settings (with an injectable clock) and the app factory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import ClassVar

from fastapi import FastAPI
from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from api.kit.app import create_service_app
from api.kit.catalog import close_product_catalog, open_product_catalog
from api.kit.settings import ServiceSettings


class WarehouseSettings(ServiceSettings):
    """``WAREHOUSE_*`` plus ``PRODUCT_SERVICE_URL`` (variants learnt on demand)."""

    model_config = SettingsConfigDict(env_prefix="WAREHOUSE_")
    service_name: ClassVar[str] = "warehouse"

    # payment window (30 min) + 5 min grace, DOMAIN.md warehouse
    reservation_ttl_minutes: int = 35
    default_reorder_point: int = 5
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


def create_app(settings: WarehouseSettings | None = None) -> FastAPI:
    """The warehouse's FastAPI app; its product-catalogue reader sits on ``app.state.catalog``."""
    from api.warehouse.routes import router

    app = create_service_app(
        settings=settings or get_settings(),
        routers=[router],
        title="LAKOO warehouse",
        description="Stock, reservations, grosir bundles, purchase orders and stock alerts.",
        on_startup=[open_product_catalog],
        on_shutdown=[close_product_catalog],
    )
    app.state.product_client = None
    app.state.transports = {}  # tests: in-process upstreams (api.kit.catalog)
    return app
