"""Applying Xendit's invoice callbacks: PAID, EXPIRED, FAILED, each with effect at most once.

Xendit retries a callback until it gets a 2xx and may send the same one twice; the payment row is
locked and its status decides, so a repeated PAID finds the payment paid already and only leaves a
``duplicate`` line in the gateway log.

A PAID that arrives after the payment expired (or failed) still means the buyer's money was
taken: it is recorded as paid (``late`` in the log) and published like any other, and the order
service, whose orders are no longer awaiting it, refunds it. Ignoring it would keep the money.
"""

from __future__ import annotations

from datetime import datetime
from typing import get_args

from sqlalchemy import select

from api.events.payment import PaymentExpired, PaymentFailed, PaymentPaid
from api.events.values import PaymentMethod
from api.kit.uow import UnitOfWork
from api.payment.errors import PaymentNotFound
from api.payment.models import Payment
from api.payment.schemas import InvoiceCallback
from api.payment.service.gateway_log import log_webhook
from api.payment.service.payments import event_fields

# Xendit's payment_method values → the catalog's method names
METHODS: dict[str, str] = {
    "BANK_TRANSFER": "virtual_account",
    "VIRTUAL_ACCOUNT": "virtual_account",
    "EWALLET": "ewallet",
    "QR_CODE": "qris",
    "QRIS": "qris",
    "CREDIT_CARD": "credit_card",
    "CARDS": "credit_card",
    "RETAIL_OUTLET": "retail_outlet",
    "DIRECT_DEBIT": "direct_debit",
    "PAYLATER": "paylater",
}
_KNOWN_METHODS = frozenset(get_args(PaymentMethod))


def method_of(payment_method: str | None) -> str:
    """The catalog method for Xendit's ``payment_method`` (virtual account when unknown)."""
    method = METHODS.get((payment_method or "").upper(), "virtual_account")
    assert method in _KNOWN_METHODS
    return method


async def apply_invoice_callback(
    uow: UnitOfWork, *, callback: InvoiceCallback, now: datetime
) -> str:
    """Apply one verified callback; returns what it did: applied, duplicate or ignored."""
    payment = (
        await uow.session.scalars(
            select(Payment).where(Payment.invoice_id == callback.id).with_for_update()
        )
    ).first()
    if payment is None:
        raise PaymentNotFound(f"No payment for invoice {callback.id}")
    status = callback.status.upper()
    if status in ("PAID", "SETTLED"):
        outcome = await _paid(uow, payment, callback, now)
    elif status == "EXPIRED":
        outcome = await _expired(uow, payment, now)
    elif status == "FAILED":
        outcome = await _failed(uow, payment, callback, now)
    else:
        outcome = "ignored"
    await log_webhook(
        uow,
        operation="invoice_callback",
        body=callback.raw(),
        payment_id=payment.id,
        outcome=outcome,
    )
    return outcome


# A payment in one of these states has not received money yet: a PAID callback applies.
UNPAID = frozenset({"pending", "expired", "failed"})


async def _paid(uow: UnitOfWork, payment: Payment, callback: InvoiceCallback, now: datetime) -> str:
    if payment.status not in UNPAID or payment.paid_at is not None:
        return "duplicate"  # paid already: a repeat, or SETTLED after PAID
    outcome = "applied" if payment.status == "pending" else "late"
    fee = int(callback.fees_paid_amount or 0)
    payment.status = "paid"
    payment.gateway_fee = fee
    payment.net_amount = payment.amount - fee
    payment.method = method_of(callback.payment_method)
    payment.channel = callback.payment_channel
    payment.paid_at = callback.paid_at or now
    payment.updated_at = now
    await uow.outbox.add(
        PaymentPaid(
            **await event_fields(uow, payment),
            gateway_fee=fee,
            net_amount=payment.net_amount,
            method=payment.method,
            channel=payment.channel,
            paid_at=payment.paid_at,
        ),
        aggregate_id=payment.id,
    )
    return outcome


async def _expired(uow: UnitOfWork, payment: Payment, now: datetime) -> str:
    if payment.status != "pending":
        return "duplicate" if payment.status == "expired" else "ignored"
    await mark_expired(uow, payment, now=now, source="webhook")
    return "applied"


async def _failed(
    uow: UnitOfWork, payment: Payment, callback: InvoiceCallback, now: datetime
) -> str:
    if payment.status != "pending":
        return "duplicate" if payment.status == "failed" else "ignored"
    payment.status = "failed"
    payment.updated_at = now
    extra = callback.model_extra or {}
    await uow.outbox.add(
        PaymentFailed(
            **await event_fields(uow, payment),
            failure_code=extra.get("failure_code"),
            failure_reason=extra.get("failure_reason"),
            failed_at=now,
        ),
        aggregate_id=payment.id,
    )
    return "applied"


async def mark_expired(uow: UnitOfWork, payment: Payment, *, now: datetime, source: str) -> None:
    """Expire a pending payment and announce it (``payment.expired``)."""
    payment.status = "expired"
    payment.expired_at = now
    payment.updated_at = now
    await uow.outbox.add(
        PaymentExpired(
            **await event_fields(uow, payment),
            source=source,
            expired_at=now,
        ),
        aggregate_id=payment.id,
    )
