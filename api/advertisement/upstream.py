"""The wallet client of the advertisement service: ``POST /internal/wallets/debits`` for a day's
ad charge, keyed by campaign and WIB day so a retry, a re-push or a later collection of an
outstanding charge debits at most once (a refused debit writes nothing, so the key stays free).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import httpx

from api.kit.client import ServiceClient
from api.kit.errors import UpstreamError


@dataclass(frozen=True, slots=True)
class Debited:
    """What the wallet answered: the transaction, or ``None`` when the wallet was short."""

    transaction_id: UUID | None


def charge_key(campaign_id: UUID, charge_date: date) -> str:
    return f"ad-charge:{campaign_id}:{charge_date.isoformat()}"


class WalletClient:
    """Debits sellers' wallets for ad charges."""

    def __init__(
        self,
        base_url: str,
        *,
        internal_api_key: str,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._client = ServiceClient(
            base_url,
            internal_api_key=internal_api_key,
            name="wallet",
            timeout=timeout,
            transport=transport,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def debit(
        self, *, seller_id: UUID, campaign_id: UUID, charge_date: date, amount: int
    ) -> Debited:
        """Debit the seller wallet by ``amount`` (``transaction_id`` None: not enough money)."""
        key = charge_key(campaign_id, charge_date)
        response = await self._client.post(
            "/internal/wallets/debits",
            json={
                "user_id": str(seller_id),
                "owner_type": "seller",
                "amount": amount,
                "reason": "ad_spend",
                "reference_type": "ad_charge",
                "reference_id": f"{campaign_id}:{charge_date.isoformat()}",
                "idempotency_key": key,
                "description": f"Ads {charge_date.isoformat()}",
                "campaign_id": str(campaign_id),
                "charge_date": charge_date.isoformat(),
            },
            idempotency_key=key,
        )
        if response.status_code in (200, 201):
            return Debited(UUID(response.json()["id"]))
        if response.status_code == 409 and "insufficient-balance" in response.text:
            return Debited(None)
        raise UpstreamError(f"wallet refused the ad charge: {response.status_code}")
