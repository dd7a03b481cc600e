"""The wallet's settings (``WALLET_*`` plus the provider's own ``XENDIT_*`` names), with an
injectable clock. Routes, services and jobs import this module, never ``app.py``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import ClassVar

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from api.kit.settings import NO_SECRET, ServiceSettings
from api.wallet.xendit import XenditDisbursements


def _xendit(name: str) -> AliasChoices:
    return AliasChoices(f"XENDIT_{name.upper()}", f"xendit_{name}")


class WalletSettings(ServiceSettings):
    """What the wallet service and its worker read."""

    model_config = SettingsConfigDict(env_prefix="WALLET_")
    service_name: ClassVar[str] = "wallet"

    xendit_base_url: str = Field("http://127.0.0.1:3090", validation_alias=_xendit("base_url"))
    xendit_secret_key: SecretStr = Field(NO_SECRET, validation_alias=_xendit("secret_key"))
    # Xendit signs every callback of an account (invoices, disbursements) with one token.
    xendit_callback_token: SecretStr = Field(NO_SECRET, validation_alias=_xendit("callback_token"))
    xendit_timeout_seconds: float = 10.0
    # DOMAIN.md withdrawals: at least Rp 10,000; a replaced payout account waits 24 h
    min_withdrawal: int = 10_000
    payout_account_change_block_hours: float = 24.0
    # holds the order saga places live at most this long (a checkout's payment window is 30 min)
    max_hold_days: int = 30
    # group commit: concurrent ledger requests share one database transaction of at most this many
    ledger_batch_size: int = 256
    ledger_writers: int = 2
    hold_expiry_interval_seconds: float = 30.0
    hold_expiry_batch_size: int = 200
    disbursement_interval_seconds: float = 5.0
    # a processing withdrawal without a callback for this long is asked about at the provider
    disbursement_poll_after_seconds: float = 15 * 60.0
    # the reconciliation runs once per WIB day; the job looks every hour whether today's ran
    reconciliation_interval_seconds: float = 3600.0
    # Moves the service's clock: tests shift time forward instead of sleeping.
    clock_offset_seconds: float = 0.0

    def now(self) -> datetime:
        """The service's idea of the current time (UTC, shifted by ``clock_offset_seconds``)."""
        return datetime.now(UTC) + timedelta(seconds=self.clock_offset_seconds)

    def provider_client(self) -> XenditDisbursements:
        """A client of the configured Xendit (the local sandbox unless told otherwise)."""
        return XenditDisbursements(
            self.xendit_base_url,
            secret_key=self.xendit_secret_key.get_secret_value(),
            timeout=self.xendit_timeout_seconds,
        )


@lru_cache
def get_settings() -> WalletSettings:
    """The process's settings (tests build their own copies)."""
    return WalletSettings()
