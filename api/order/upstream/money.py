"""The payment service: one payment per checkout, refunds of cancelled or returned orders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from api.kit.client import ServiceClient
from api.kit.errors import UpstreamError


@dataclass(frozen=True, slots=True)
class PaymentInfo:
    """``POST /internal/payments``'s answer."""

    id: UUID
    number: str
    invoice_id: str | None
    invoice_url: str | None
    amount: int
    status: str
    expires_at: datetime


class PaymentClient:
    def __init__(self, http: ServiceClient) -> None:
        self.http = http

    async def create(
        self,
        *,
        checkout_id: UUID,
        user_id: UUID,
        amount: int,
        orders: list[tuple[UUID, UUID | None, int]],
    ) -> PaymentInfo:
        """The checkout's payment; keyed by the checkout, so a replay gets the same one."""
        response = await self.http.post(
            "/internal/payments",
            json={
                "checkout_id": str(checkout_id),
                "user_id": str(user_id),
                "amount": amount,
                "orders": [
                    {"order_id": str(o), "seller_id": str(s) if s else None, "total": t}
                    for o, s, t in orders
                ],
                "description": f"LAKOO checkout {checkout_id}",
            },
            idempotency_key=f"checkout:{checkout_id}",
        )
        if response.status_code != 201:
            raise UpstreamError(f"payment creation failed with status {response.status_code}")
        body = response.json()
        return PaymentInfo(
            id=UUID(body["id"]),
            number=body["number"],
            invoice_id=body.get("invoice_id"),
            invoice_url=body.get("invoice_url"),
            amount=int(body["amount"]),
            status=body["status"],
            expires_at=datetime.fromisoformat(body["expires_at"]),
        )

    async def refund(
        self, *, payment_id: UUID, order_id: UUID, amount: int | None, reason: str, key: str
    ) -> UUID:
        """Open a refund of one order of a paid payment; idempotent by ``key``."""
        body: dict[str, object] = {
            "payment_id": str(payment_id),
            "order_id": str(order_id),
            "reason": reason,
            "method": "original_payment",
        }
        if amount is not None:
            body["amount"] = amount
        response = await self.http.post("/internal/refunds", json=body, idempotency_key=key)
        if response.status_code not in (200, 201):
            raise UpstreamError(f"refund request failed with status {response.status_code}")
        return UUID(response.json()["id"])
