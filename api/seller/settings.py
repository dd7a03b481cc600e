"""The seller service's settings (``SELLER_*`` plus the ``<SERVICE>_SERVICE_URL`` of the services
it calls), with an injectable clock. Routes, services and jobs import this module, never
``app.py``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import ClassVar, Literal, Self

import httpx
from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from api.kit.media import LocalMediaStorage, MediaStorage, S3MediaStorage
from api.kit.settings import ServiceSettings
from api.seller.upstream import Upstreams, build_upstreams

REPO_ROOT = Path(__file__).resolve().parents[2]


def _url(service: str, port: int) -> str:
    return Field(
        f"http://127.0.0.1:{port}",
        validation_alias=AliasChoices(f"{service.upper()}_SERVICE_URL", f"{service}_service_url"),
    )


class SellerSettings(ServiceSettings):
    """What the seller service and its worker read."""

    model_config = SettingsConfigDict(env_prefix="SELLER_")
    service_name: ClassVar[str] = "seller"

    auth_service_url: str = _url("auth", 3001)
    address_service_url: str = _url("address", 3010)
    wallet_service_url: str = _url("wallet", 3011)
    advertisement_service_url: str = _url("advertisement", 3013)
    upstream_timeout_seconds: float = 10.0
    # Identity documents are private: stored apart from product images and never given a URL.
    documents_backend: Literal["local", "s3"] = "local"
    documents_root: Path = REPO_ROOT / ".lakoo" / "seller-documents"
    s3_endpoint: str = ""
    s3_bucket: str = ""
    s3_region: str = "ap-southeast-3"  # Jakarta
    s3_access_key: str = ""
    # a secret only the S3 backend needs; when set it must be usable like any other
    s3_secret_key: SecretStr | None = None
    max_document_bytes: int = 5 * 1024 * 1024
    # where the weekly finance pack is written (``<week>/statements/<seller_id>.pdf`` below it)
    statements_root: Path = REPO_ROOT / "reports" / "settlements"
    # The weekly auto-payout runs from this WIB weekday and hour on (Monday after the 01:00
    # settlement has credited the wallets); the job looks every interval whether it is due.
    auto_payout_weekday: int = 0
    auto_payout_hour: int = 9
    auto_payout_interval_seconds: float = 300.0
    # Moves the service's clock: tests shift time forward instead of sleeping.
    clock_offset_seconds: float = 0.0

    def now(self) -> datetime:
        """The service's idea of the current time (UTC, shifted by ``clock_offset_seconds``)."""
        return datetime.now(UTC) + timedelta(seconds=self.clock_offset_seconds)

    @model_validator(mode="after")
    def _s3_needs_its_secret(self) -> Self:
        if self.documents_backend == "s3" and self.s3_secret_key is None:
            raise ValueError("SELLER_S3_SECRET_KEY must be set when SELLER_DOCUMENTS_BACKEND=s3")
        return self

    def upstreams(self, transports: dict[str, httpx.AsyncBaseTransport] | None = None) -> Upstreams:
        """Clients of the services the seller calls (auth, address, wallet, advertisement)."""
        return build_upstreams(
            urls={
                "auth": self.auth_service_url,
                "address": self.address_service_url,
                "wallet": self.wallet_service_url,
                "advertisement": self.advertisement_service_url,
            },
            internal_api_key=self.internal_api_key.get_secret_value(),
            timeout=self.upstream_timeout_seconds,
            transports=transports,
        )

    def document_storage(self) -> MediaStorage:
        """Where documents are written (local files unless ``SELLER_DOCUMENTS_BACKEND=s3``)."""
        if self.documents_backend == "s3" and self.s3_secret_key is not None:
            return S3MediaStorage(
                endpoint=self.s3_endpoint,
                bucket=self.s3_bucket,
                region=self.s3_region,
                access_key=self.s3_access_key,
                secret_key=self.s3_secret_key.get_secret_value(),
            )
        return LocalMediaStorage(self.documents_root, base_url="/private")


@lru_cache
def get_settings() -> SellerSettings:
    """The process's settings (tests build their own copies)."""
    return SellerSettings()
