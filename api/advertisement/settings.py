"""The advertisement service's settings (``ADVERTISEMENT_*`` plus ``WALLET_SERVICE_URL``), with
an injectable clock. Routes, services and jobs import this module, never ``app.py``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import ClassVar

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from api.kit.settings import ServiceSettings


class AdvertisementSettings(ServiceSettings):
    """What the advertisement service and its worker read."""

    model_config = SettingsConfigDict(env_prefix="ADVERTISEMENT_")
    service_name: ClassVar[str] = "advertisement"

    wallet_service_url: str = Field(
        "http://127.0.0.1:3011",
        validation_alias=AliasChoices("WALLET_SERVICE_URL", "wallet_service_url"),
    )
    upstream_timeout_seconds: float = 10.0
    # DOMAIN.md advertisement: CPC bids Rp 500–5,000; second price never below the floor
    min_cpc_bid: int = 500
    max_cpc_bid: int = 5_000
    # a CPM bid is per 1,000 impressions; the same floor applies to it (its own price floor)
    min_cpm_bid: int = 500
    max_cpm_bid: int = 200_000
    max_keywords: int = 50
    max_products: int = 100
    # invalid-click rules
    duplicate_window_seconds: float = 30.0
    ip_clicks_per_minute: int = 10
    ip_clicks_per_day: int = 100
    # impressions are written in batches: at most this many, or after this long
    impression_batch_size: int = 500
    impression_flush_seconds: float = 0.05
    # clicks are decided in batches: at most this many per transaction
    click_batch_size: int = 500
    max_placements: int = 10
    # serving reads the eligible campaigns (in-service spend counters included) at most this
    # stale; a billable click updates the counter in the database and in this process at once
    job_interval_seconds: float = 60.0
    # the worker's ``campaign-schedule`` job completes campaigns whose end has passed: this often,
    # at most this many per transaction
    schedule_interval_seconds: float = 60.0
    schedule_batch_size: int = 200
    # Moves the service's clock: tests shift time forward instead of sleeping.
    clock_offset_seconds: float = 0.0

    def now(self) -> datetime:
        """The service's idea of the current time (UTC, shifted by ``clock_offset_seconds``)."""
        return datetime.now(UTC) + timedelta(seconds=self.clock_offset_seconds)


@lru_cache
def get_settings() -> AdvertisementSettings:
    """The process's settings (tests build their own copies)."""
    return AdvertisementSettings()
