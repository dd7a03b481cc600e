"""The order service's settings (``ORDER_*`` and the URLs of every service the saga calls)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import ClassVar

import httpx
from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from api.kit.settings import ServiceSettings
from api.order.upstream import NAMES, Upstreams, build_upstreams


def _url(service: str, port: int) -> str:
    return Field(
        f"http://127.0.0.1:{port}",
        validation_alias=AliasChoices(f"{service.upper()}_SERVICE_URL", f"{service}_service_url"),
    )


class OrderSettings(ServiceSettings):
    """``ORDER_*`` plus the shared ``<SERVICE>_SERVICE_URL`` of every service the saga calls."""

    model_config = SettingsConfigDict(env_prefix="ORDER_")
    service_name: ClassVar[str] = "order"

    cart_service_url: str = _url("cart", 3003)
    product_service_url: str = _url("product", 3002)
    warehouse_service_url: str = _url("warehouse", 3012)
    payment_service_url: str = _url("payment", 3007)
    address_service_url: str = _url("address", 3010)
    logistic_service_url: str = _url("logistic", 3009)
    wallet_service_url: str = _url("wallet", 3011)
    upstream_timeout_seconds: float = 5.0
    # The reservation decides who wins a unit: wait for it as long as the gateway waits for the
    # checkout (GATEWAY_UPSTREAM_TIMEOUT, 30 s) rather than give up and hand back a unit the
    # checkout may have won (it is retried with the same checkout id, which is idempotent).
    reservation_timeout_seconds: float = 30.0
    # How long a variant the warehouse refused for lack of stock is answered "sold out" without
    # asking it again (upstream/sold_out.py): the staleness bound, only ever towards a 409.
    sold_out_seconds: float = 2.0
    # Parcels leave the central warehouse (house orders) or the seller's pickup postcode (from
    # seller.verified); a seller not known yet ships from the default origin.
    warehouse_postal_code: str = "15143"
    seller_origin_postal_code: str = "10110"
    seller_acceptance_hours: int = 24  # DOMAIN.md: accept within 24 h or cancelled + refunded
    max_unpaid_checkouts: int = 3  # DOMAIN.md: a buyer holds at most 3 unpaid checkouts at once
    # the warehouse's reservation lifetime (payment window + grace): how long a checkout that
    # died half-way may still hold stock, so it counts as unpaid that long
    reservation_hold_minutes: int = 35
    # a checkout's wallet hold outlives its payment window by far: it is captured or voided
    # when the payment's outcome is known, and expires on its own only if that never happens
    wallet_hold_hours: int = 24
    return_window_days: int = 7  # DOMAIN.md: completed automatically 7 days after delivery
    job_interval_seconds: float = 60.0
    job_batch_size: int = 200
    # Moves the service's clock: tests (and the demo) shift time forward instead of sleeping.
    clock_offset_seconds: float = 0.0

    def now(self) -> datetime:
        """The service's idea of the current time (UTC, shifted by ``clock_offset_seconds``)."""
        return datetime.now(UTC) + timedelta(seconds=self.clock_offset_seconds)

    def upstreams(self, transports: dict[str, httpx.AsyncBaseTransport] | None = None) -> Upstreams:
        """Clients of every service the order service calls."""
        urls = {name: str(getattr(self, f"{name}_service_url")) for name in NAMES}
        return build_upstreams(
            urls,
            internal_api_key=self.internal_api_key.get_secret_value(),
            timeout=self.upstream_timeout_seconds,
            reserve_timeout=max(self.reservation_timeout_seconds, self.upstream_timeout_seconds),
            sold_out_seconds=self.sold_out_seconds,
            transports=transports,
        )


@lru_cache
def get_settings() -> OrderSettings:
    """The process's settings (tests build their own copies)."""
    return OrderSettings()
