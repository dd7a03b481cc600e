"""The support service's settings (``SUPPORT_*``); routes, services and jobs read them from here
(never from ``app.py``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from api.kit.settings import ServiceSettings


class SupportSettings(ServiceSettings):
    """``SUPPORT_*``: the desk's limits, FAQ matching and the clock the SLA job reads."""

    model_config = SettingsConfigDict(env_prefix="SUPPORT_")
    service_name: ClassVar[str] = "support"

    max_active_per_agent: int = Field(20, ge=1)  # DOMAIN.md: at most 20 active tickets each
    auto_close_days: int = Field(7, ge=1)  # resolved tickets close after 7 days
    # an FAQ answers a first message that covers this share of its question's and keywords'
    # words (stemmed), with at least this many of them
    faq_min_coverage: float = Field(0.6, gt=0, le=1)
    faq_min_matches: int = Field(2, ge=1)
    job_interval_seconds: float = 30.0
    job_batch_size: int = 200
    # Moves the service's clock: tests (and the demo) shift time forward instead of sleeping.
    clock_offset_seconds: float = 0.0

    def now(self) -> datetime:
        """The service's idea of the current time (UTC, shifted by ``clock_offset_seconds``)."""
        return datetime.now(UTC) + timedelta(seconds=self.clock_offset_seconds)


@lru_cache
def get_settings() -> SupportSettings:
    """The process's settings (tests build their own copies)."""
    return SupportSettings()
