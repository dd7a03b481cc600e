"""The wallet service's holds: a checkout's wallet share is held, then captured or voided."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from api.kit.client import ServiceClient
from api.kit.errors import UpstreamError
from api.order.errors import WalletShort


class WalletClient:
    """``/internal/wallets/holds`` (place, capture, void); every call is idempotent."""

    def __init__(self, http: ServiceClient) -> None:
        self.http = http

    async def hold(
        self, *, checkout_id: UUID, user_id: UUID, amount: int, expires_at: datetime
    ) -> UUID:
        """Hold ``amount`` of the buyer's wallet for the checkout (keyed by it); the hold's id."""
        response = await self.http.post(
            "/internal/wallets/holds",
            json={
                "user_id": str(user_id),
                "owner_type": "buyer",
                "amount": amount,
                "reference_type": "checkout",
                "reference_id": str(checkout_id),
                "expires_at": expires_at.isoformat(),
                "idempotency_key": f"checkout:{checkout_id}",
            },
        )
        if response.status_code == 409:
            problem = response.json()
            slug = str(problem.get("type", "")).rsplit("/", 1)[-1]
            if slug == "insufficient-balance":
                raise WalletShort(
                    str(problem.get("detail") or "The wallet cannot cover the amount"),
                    wallet_amount=amount,
                    available=problem.get("available"),
                )
        if response.status_code not in (200, 201):
            raise UpstreamError(f"the wallet hold failed with status {response.status_code}")
        return UUID(response.json()["hold_id"])

    async def capture(self, hold_id: UUID) -> None:
        """Take the whole hold (the checkout was paid); capturing it again changes nothing."""
        response = await self.http.post(
            f"/internal/wallets/holds/{hold_id}/capture",
            json={"idempotency_key": f"capture:{hold_id}"},
        )
        if response.status_code not in (200, 201):
            raise UpstreamError(f"capturing the wallet hold answered {response.status_code}")

    async def void(self, hold_id: UUID) -> None:
        """Give the hold back to the wallet; voiding it again changes nothing."""
        response = await self.http.post(f"/internal/wallets/holds/{hold_id}/void")
        if response.status_code not in (200, 201):
            raise UpstreamError(f"voiding the wallet hold answered {response.status_code}")
