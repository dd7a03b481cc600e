"""Clients of the services the seller service calls, each on the kit's ``ServiceClient``:

- address ``POST /internal/addresses/validate`` — a pickup address checked against the villages;
- auth ``PUT /internal/auth/users/{id}/role`` — a verified seller's role (idempotent);
- wallet ``PUT /internal/wallets/payout-accounts`` (bank account by name),
  ``POST /internal/wallets/withdrawals`` (auto-payout), ``GET /internal/wallets/users/{id}``;
- advertisement ``GET /internal/sellers/{id}/performance`` — the 7-day spend and attributed
  revenue of the seller's campaigns, as the data platform pushed them to the ad service (the
  dashboard's ``roas_7d``; the same rows as ``GET /api/ads/campaigns/{id}/performance``).

A refusal of the callee that is the caller's input (a 422) is answered as the seller's own 422,
the fields prefixed as the seller's body names them; anything else is an upstream failure.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx

from api.kit.client import ServiceClient, service_clients
from api.kit.errors import Conflict, LakooError, Unprocessable, UpstreamError

log = logging.getLogger(__name__)


def _refused(response: httpx.Response, *, prefix: str = "") -> LakooError:
    body: dict[str, Any] = {}
    if response.headers.get("content-type", "").endswith("json"):
        body = response.json()
    detail = str(body.get("detail") or f"upstream answered {response.status_code}")
    if response.status_code == 422:
        errors = [
            {**error, "field": f"{prefix}{error.get('field')}"}
            for error in body.get("errors") or [{"field": "", "message": detail}]
        ]
        error = Unprocessable(detail)
        error.errors = errors
        return error
    if response.status_code in (404, 409):
        # the callee does not know what the seller refers to (a user auth never saw): the
        # shop's state, not a failure of the platform
        conflict = Conflict(detail)
        conflict.extra = {"upstream_type": body.get("type")}
        return conflict
    return UpstreamError(detail)


@dataclass
class Upstreams:
    """The seller service's clients, on ``app.state.upstreams``."""

    auth: ServiceClient
    address: ServiceClient
    wallet: ServiceClient
    advertisement: ServiceClient | None = None

    async def validated_address(self, address: dict[str, Any]) -> dict[str, Any]:
        """The pickup address as the address service resolved it (422 naming the field)."""
        response = await self.address.post("/internal/addresses/validate", json=address)
        if response.status_code != 200:
            raise _refused(response, prefix="pickup_address.")
        return dict(response.json())

    async def make_seller(self, user_id: UUID, *, changed_by: UUID) -> None:
        """Give the user the ``seller`` role (a repeat changes nothing)."""
        response = await self.auth.put(
            f"/internal/auth/users/{user_id}/role",
            json={"role": "seller", "changed_by": str(changed_by)},
        )
        if response.status_code != 200:
            raise _refused(response)

    async def register_payout_account(self, body: dict[str, Any]) -> dict[str, Any]:
        """The wallet's validation of a bank account by name (``validated`` | ``name_mismatch``)."""
        response = await self.wallet.put("/internal/wallets/payout-accounts", json=body)
        if response.status_code != 200:
            raise _refused(response)
        return dict(response.json())

    async def withdraw_all(self, user_id: UUID, *, idempotency_key: str) -> httpx.Response:
        """Ask the wallet to withdraw everything withdrawable (the caller reads the answer)."""
        return await self.wallet.post(
            "/internal/wallets/withdrawals",
            json={
                "user_id": str(user_id),
                "owner_type": "seller",
                "idempotency_key": idempotency_key,
            },
            idempotency_key=idempotency_key,
        )

    async def wallet_figures(self, user_id: UUID) -> dict[str, Any]:
        """The seller wallet's balance, held and available amounts."""
        response = await self.wallet.get(
            f"/internal/wallets/users/{user_id}", params={"owner_type": "seller"}
        )
        if response.status_code != 200:
            raise _refused(response)
        return dict(response.json())

    async def ads_figures(self, user_id: UUID, *, days: int = 7) -> dict[str, Any] | None:
        """The seller's campaigns over the last ``days`` WIB days (spend, attributed revenue,
        ROAS), or ``None`` when the ad service cannot say: the dashboard shows the rest anyway."""
        if self.advertisement is None:
            return None
        try:
            response = await self.advertisement.get(
                f"/internal/sellers/{user_id}/performance", params={"days": days}
            )
        except LakooError:
            log.warning("advertisement unavailable for the dashboard", exc_info=True)
            return None
        if response.status_code != 200:
            log.warning(
                "advertisement refused the dashboard's figures",
                extra={"status": response.status_code},
            )
            return None
        return dict(response.json())

    async def aclose(self) -> None:
        for client in (self.auth, self.address, self.wallet, self.advertisement):
            if client is not None:
                await client.aclose()


def build_upstreams(
    *,
    urls: dict[str, str],
    internal_api_key: str,
    timeout: float,
    transports: dict[str, httpx.AsyncBaseTransport] | None = None,
) -> Upstreams:
    """Clients of auth, address, wallet and (when its URL is given) advertisement (a transport
    of ``transports`` if given: tests)."""
    clients = service_clients(
        urls, internal_api_key=internal_api_key, timeout=timeout, transports=transports
    )
    return Upstreams(
        auth=clients["auth"],
        address=clients["address"],
        wallet=clients["wallet"],
        advertisement=clients.get("advertisement"),
    )
