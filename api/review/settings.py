"""The review service's settings (``REVIEW_*``); routes, services and jobs read them from here
(never from ``app.py``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import ClassVar

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from api.kit.media import MediaSettings


class ReviewSettings(MediaSettings):
    """``REVIEW_*``: the review window, photos (``REVIEW_MEDIA_*``), the brand service's URL."""

    model_config = SettingsConfigDict(env_prefix="REVIEW_")
    service_name: ClassVar[str] = "review"

    window_days: int = Field(90, ge=1)  # DOMAIN.md: 90 days after delivery
    max_images: int = 10
    # uploads not attached to a review within a day are deleted (and at most this many wait)
    unattached_image_hours: int = 24
    max_unattached_images: int = 20
    reports_to_flag: int = 3
    brand_service_url: str = Field(
        "http://127.0.0.1:3005",
        validation_alias=AliasChoices("BRAND_SERVICE_URL", "brand_service_url"),
    )
    upstream_timeout_seconds: float = 5.0
    job_interval_seconds: float = 300.0
    # Moves the service's clock: tests (and the demo) shift time forward instead of sleeping.
    clock_offset_seconds: float = 0.0

    def now(self) -> datetime:
        """The service's idea of the current time (UTC, shifted by ``clock_offset_seconds``)."""
        return datetime.now(UTC) + timedelta(seconds=self.clock_offset_seconds)


@lru_cache
def get_settings() -> ReviewSettings:
    """The process's settings (tests build their own copies)."""
    return ReviewSettings()
