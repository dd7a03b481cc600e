"""Catalog payloads the wallet consumes, as their producers would send them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from api.events import (
    RefundCompleted,
    SellerReinstated,
    SellerSuspended,
    SellerVerified,
    SettlementCompleted,
    UserRegistered,
    UserVerified,
)


def settlement_completed(seller_id: UUID, payout: int, **overrides: Any) -> SettlementCompleted:
    net = max(payout, 10_000)
    fields: dict[str, Any] = {
        "settlement_id": uuid4(),
        "settlement_number": "STL-20261124-7K2QX",
        "seller_id": seller_id,
        "period_start": date(2026, 11, 16),
        "period_end": date(2026, 11, 22),
        "gross": net,
        "refunds": 0,
        "gateway_fees": 0,
        "commission": 0,
        "carried_over_in": 0,
        "net": net,
        "payout": payout,
        "carried_over_out": net - payout,
        "currency": "IDR",
        "line_count": 3,
        "completed_at": datetime.now(UTC),
    }
    return SettlementCompleted(**(fields | overrides))


def refund_completed(user_id: UUID, amount: int, method: str = "wallet") -> RefundCompleted:
    return RefundCompleted(
        refund_id=uuid4(),
        refund_number="REF-20261124-7K2QX",
        payment_id=uuid4(),
        order_id=uuid4(),
        user_id=user_id,
        seller_id=None,
        amount=amount,
        method=method,  # type: ignore[arg-type]
        gateway_refund_id=None,
        completed_at=datetime.now(UTC),
    )


def user_registered(user_id: UUID, full_name: str) -> UserRegistered:
    return UserRegistered(
        user_id=user_id,
        email=f"{user_id.hex[:8]}@example.id",
        phone=None,
        full_name=full_name,
        role="customer",
        status="pending_verification",
        registered_at=datetime.now(UTC),
    )


def user_verified(user_id: UUID) -> UserVerified:
    return UserVerified(
        user_id=user_id, email="x@example.id", channel="email", verified_at=datetime.now(UTC)
    )


def seller_verified(user_id: UUID, at: datetime | None = None) -> SellerVerified:
    return SellerVerified(
        seller_id=user_id,
        seller_number="SLR-20261124-7K2QX",
        user_id=user_id,
        shop_name="Toko Batik Sari",
        commission_rate_bps=0,
        verified_by=uuid4(),
        verified_at=at or datetime.now(UTC),
    )


def seller_suspended(user_id: UUID, at: datetime | None = None) -> SellerSuspended:
    return SellerSuspended(
        seller_id=user_id,
        user_id=user_id,
        reason="counterfeit goods",
        suspended_by=uuid4(),
        suspended_at=at or datetime.now(UTC),
    )


def seller_reinstated(user_id: UUID, at: datetime | None = None) -> SellerReinstated:
    return SellerReinstated(
        seller_id=user_id,
        user_id=user_id,
        reinstated_by=uuid4(),
        reinstated_at=at or datetime.now(UTC),
    )
