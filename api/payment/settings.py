"""The payment service's settings (``PAYMENT_*`` and Xendit's own names), with a clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import ClassVar

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from api.kit.settings import NO_SECRET, ServiceSettings
from api.payment.xendit import XenditClient


class PaymentSettings(ServiceSettings):
    """``PAYMENT_*`` plus the provider's own ``XENDIT_*`` names (shared with the sandbox)."""

    model_config = SettingsConfigDict(env_prefix="PAYMENT_")
    service_name: ClassVar[str] = "payment"

    xendit_base_url: str = Field(
        "http://127.0.0.1:3090", validation_alias=AliasChoices("XENDIT_BASE_URL", "xendit_base_url")
    )
    xendit_secret_key: SecretStr = Field(
        NO_SECRET,
        validation_alias=AliasChoices("XENDIT_SECRET_KEY", "xendit_secret_key"),
    )
    xendit_callback_token: SecretStr = Field(
        NO_SECRET,
        validation_alias=AliasChoices("XENDIT_CALLBACK_TOKEN", "xendit_callback_token"),
    )
    xendit_timeout_seconds: float = 10.0
    # DOMAIN.md: the payment window is 30 minutes (reservations live 5 minutes longer)
    invoice_duration_seconds: int = 30 * 60
    # DOMAIN.md settlement: a net below this is carried to the next week instead of paid
    min_payout: int = 50_000
    expiry_interval_seconds: float = 30.0
    expiry_batch_size: int = 100
    refund_interval_seconds: float = 10.0
    reconciliation_interval_seconds: float = 24 * 3600.0
    # Moves the service's clock: tests shift time forward instead of sleeping.
    clock_offset_seconds: float = 0.0

    def now(self) -> datetime:
        """The service's idea of the current time (UTC, shifted by ``clock_offset_seconds``)."""
        return datetime.now(UTC) + timedelta(seconds=self.clock_offset_seconds)

    def xendit_client(self) -> XenditClient:
        """A client of the configured Xendit (the local sandbox unless told otherwise)."""
        return XenditClient(
            self.xendit_base_url,
            secret_key=self.xendit_secret_key.get_secret_value(),
            timeout=self.xendit_timeout_seconds,
        )


@lru_cache
def get_settings() -> PaymentSettings:
    """The process's settings (tests build their own copies)."""
    return PaymentSettings()
