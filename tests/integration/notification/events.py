"""Catalog events for the notification tests, built as their producers build them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from api.events.envelope import Envelope, build_envelope
from api.events.payment import PaymentPaid
from api.events.user import UserRegistered, UserRoleChanged


def envelope(payload: Any, aggregate_id: UUID, producer: str) -> Envelope:
    return build_envelope(payload, aggregate_id=aggregate_id, producer=producer)


def registered(
    user_id: UUID | None = None,
    *,
    email: str | None = None,
    phone: str | None = None,
    role: str = "customer",
    name: str = "Siti Rahma",
) -> Envelope:
    user_id = user_id or uuid4()
    payload = UserRegistered(
        user_id=user_id,
        email=email or f"siti.{user_id.hex[:8]}@example.id",
        phone=phone,
        full_name=name,
        role=role,  # type: ignore[arg-type]
        status="pending_verification",
        registered_at=datetime.now(UTC),
    )
    return envelope(payload, user_id, "auth")


def role_changed(user_id: UUID, new_role: str) -> Envelope:
    payload = UserRoleChanged(
        user_id=user_id,
        old_role="customer",
        new_role=new_role,  # type: ignore[arg-type]
        changed_by=None,
        changed_at=datetime.now(UTC),
    )
    return envelope(payload, user_id, "auth")


def paid(user_id: UUID, amount: int = 150_000) -> Envelope:
    payment_id = uuid4()
    payload = PaymentPaid(
        payment_id=payment_id,
        payment_number=f"PAY-20261124-{payment_id.hex[:5].upper()}",
        checkout_id=uuid4(),
        user_id=user_id,
        amount=amount,
        currency="IDR",
        invoice_id=f"inv-{payment_id.hex[:12]}",
        orders=[{"order_id": uuid4(), "seller_id": None, "total": amount}],  # type: ignore[list-item]
        gateway_fee=4_440,
        net_amount=amount - 4_440,
        method="virtual_account",
        channel="BCA",
        paid_at=datetime.now(UTC),
    )
    return envelope(payload, payment_id, "payment")


def today() -> date:
    return datetime.now(UTC).date()
