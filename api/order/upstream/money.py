"""The payment service: one payment per checkout, refunds of cancelled or returned orders.

A refund request ends one of three ways: opened (:class:`RefundOpened`); refused for good
(:class:`RefundRefused`: the payment answered that this refund can never be made — nothing
remains refundable, the payment or order is unknown — so asking again would only repeat the
answer); or not decided yet (:class:`~api.kit.errors.LakooError`: unreachable, 5xx, or another
refund of the payment still open), which the caller retries later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import httpx

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


@dataclass(frozen=True, slots=True)
class RefundOpened:
    """The refund the payment service opened (or had opened for the same key before)."""

    id: UUID
    amount: int
    status: str  # requested | completed | failed


class RefundRefused(Exception):
    """The payment service refused the refund permanently; retrying cannot change it."""

    def __init__(self, status_code: int, detail: str) -> None:
        super().__init__(detail)
        self.status_code, self.detail = status_code, detail


# Answers that depend on a moment, not on the request: ask again later.
_TRANSIENT_PROBLEMS = frozenset({"refund-already-open"})


class PaymentClient:
    def __init__(self, http: ServiceClient) -> None:
        self.http = http

    async def create(
        self,
        *,
        checkout_id: UUID,
        user_id: UUID,
        amount: int,
        wallet_amount: int = 0,
        orders: list[tuple[UUID, UUID | None, int]],
    ) -> PaymentInfo:
        """The checkout's payment; keyed by the checkout, so a replay gets the same one."""
        response = await self.http.post(
            "/internal/payments",
            json={
                "checkout_id": str(checkout_id),
                "user_id": str(user_id),
                "amount": amount,
                "wallet_amount": wallet_amount,
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
        self, *, payment_id: UUID, order_id: UUID, at_most: int, reason: str, key: str
    ) -> RefundOpened:
        """Refund what remains refundable of one order, at most ``at_most``; idempotent by key."""
        body: dict[str, object] = {
            "payment_id": str(payment_id),
            "order_id": str(order_id),
            "at_most": at_most,
            "reason": reason,
            "method": "original_payment",
        }
        response = await self.http.post("/internal/refunds", json=body, idempotency_key=key)
        if response.status_code in (200, 201):
            answer = response.json()
            return RefundOpened(
                id=UUID(answer["id"]), amount=int(answer["amount"]), status=answer["status"]
            )
        problem = _problem(response)
        slug = str(problem.get("type", "")).rsplit("/", 1)[-1]
        if response.status_code in (404, 409, 422) and slug not in _TRANSIENT_PROBLEMS:
            raise RefundRefused(response.status_code, str(problem.get("detail") or slug))
        raise UpstreamError(f"refund request answered {response.status_code} ({slug})")


def _problem(response: httpx.Response) -> dict[str, object]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
