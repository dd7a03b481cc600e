"""Refunds: opened against one order of a paid payment, then paid out by the refund job.

Rules (DOMAIN.md): only paid payments; at most what remains refundable of the order; one open
refund per payment; ``original_payment`` goes back through Xendit, ``wallet`` is credited by the
wallet service on ``refund.completed``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select

from api.events.payment import RefundCompleted, RefundFailed, RefundRequested
from api.kit.errors import Unprocessable
from api.kit.numbering import next_number
from api.kit.uow import UnitOfWork
from api.payment.errors import (
    PaymentNotFound,
    PaymentNotRefundable,
    RefundAlreadyOpen,
    RefundNotFound,
)
from api.payment.models import Payment, PaymentOrder, Refund, refund_numbers
from api.payment.service.gateway_log import log_call
from api.payment.xendit import XenditClient

REFUNDABLE = frozenset({"paid", "partially_refunded"})


async def request_refund(
    uow: UnitOfWork,
    *,
    payment_id: UUID,
    order_id: UUID,
    amount: int | None,
    method: str,
    reason: str,
    requested_by: UUID | None,
    now: datetime,
    idempotency_key: str | None = None,
    at_most: int | None = None,
) -> Refund:
    """Open a refund (``refund.requested``).

    ``amount`` None means all that remains refundable of the order (at most ``at_most``). What
    remains is the order's own share of the payment less what was refunded on it — never the
    payment's whole remainder, which covers the checkout's other orders too.
    """
    if (earlier := await _by_key(uow, idempotency_key)) is not None:
        return earlier
    # the payment row is the lock that serialises refunds of one payment
    payment = await uow.session.get(Payment, payment_id, with_for_update=True)
    if payment is None:
        raise PaymentNotFound(f"Payment {payment_id} not found")
    # a concurrent request with the same key may have opened it while this one waited
    if (earlier := await _by_key(uow, idempotency_key)) is not None:
        return earlier
    if payment.status not in REFUNDABLE:
        raise PaymentNotRefundable(f"A {payment.status} payment cannot be refunded")
    share = await uow.session.get(PaymentOrder, (payment_id, order_id))
    if share is None:
        raise Unprocessable("The payment does not cover this order", field="order_id")
    open_refund = (
        await uow.session.scalars(
            select(Refund).where(Refund.payment_id == payment_id, Refund.status == "requested")
        )
    ).first()
    if open_refund is not None:
        raise RefundAlreadyOpen(f"Refund {open_refund.number} of this payment is still open")
    remaining = min(share.total - share.refunded_amount, payment.amount - payment.refunded_amount)
    if amount is None:
        amount = remaining if at_most is None else min(remaining, at_most)
        if amount <= 0:
            raise Unprocessable("Nothing of this order remains refundable", field="order_id")
    if amount <= 0 or amount > remaining:
        raise Unprocessable(
            f"At most Rp {remaining} of this order remains refundable", field="amount"
        )
    refund = Refund(
        number=await next_number(uow.session, refund_numbers, "REF", now),
        payment_id=payment_id,
        order_id=order_id,
        seller_id=share.seller_id,
        user_id=payment.user_id,
        amount=amount,
        method=method,
        reason=reason,
        status="requested",
        requested_by=requested_by,
        idempotency_key=idempotency_key,
        requested_at=now,
    )
    uow.session.add(refund)
    await uow.session.flush()
    await uow.outbox.add(
        RefundRequested(
            **_fields(refund), reason=reason, requested_by=requested_by, requested_at=now
        ),
        aggregate_id=refund.id,
    )
    return refund


async def _by_key(uow: UnitOfWork, key: str | None) -> Refund | None:
    if key is None:
        return None
    found = await uow.session.scalars(select(Refund).where(Refund.idempotency_key == key))
    return found.first()


async def get_refund(uow: UnitOfWork, *, refund_id: UUID) -> Refund:
    """One refund by id."""
    refund = await uow.session.get(Refund, refund_id)
    if refund is None:
        raise RefundNotFound(f"Refund {refund_id} not found")
    return refund


async def refunds_of(uow: UnitOfWork, *, payment_id: UUID) -> list[Refund]:
    """A payment's refunds, oldest first."""
    rows = await uow.session.scalars(
        select(Refund).where(Refund.payment_id == payment_id).order_by(Refund.requested_at)
    )
    return list(rows)


async def process_open_refunds(
    uow: UnitOfWork, *, gateway: XenditClient, now: datetime, batch_size: int = 50
) -> int:
    """Pay out up to ``batch_size`` open refunds; returns how many were settled either way."""
    refunds = list(
        await uow.session.scalars(
            select(Refund)
            .where(Refund.status == "requested")
            .order_by(Refund.requested_at)
            .limit(batch_size)
            .with_for_update(skip_locked=True)
        )
    )
    for refund in refunds:
        await _process(uow, refund, gateway=gateway, now=now)
    return len(refunds)


async def _process(
    uow: UnitOfWork, refund: Refund, *, gateway: XenditClient, now: datetime
) -> None:
    payment = await uow.session.get_one(Payment, refund.payment_id, with_for_update=True)
    to_wallet = _wallet_part(payment, refund) if refund.method == "original_payment" else 0
    if to_wallet == refund.amount:  # all of it was paid from the wallet: it goes back there
        refund.method = "wallet"
        payment.wallet_refunded += to_wallet
    elif to_wallet:  # the invoice takes what it can, the wallet the rest (a refund of its own)
        refund.amount -= to_wallet
        await _complete(uow, payment, await _wallet_refund(uow, refund, to_wallet, now), now)
        payment.wallet_refunded += to_wallet
    if refund.method == "original_payment":
        response = await gateway.create_refund(
            invoice_id=payment.invoice_id or "",
            amount=refund.amount,
            reference_id=refund.number,
            reason=refund.reason,
        )
        await log_call(uow, response, payment_id=payment.id, invoice_id=payment.invoice_id)
        if not response.ok or response.body.get("status") == "FAILED":
            await _fail(uow, refund, now, str(response.body.get("message") or "gateway refused"))
            return
        refund.gateway_refund_id = str(response.body.get("id") or "") or None
    await _complete(uow, payment, refund, now)


def _wallet_part(payment: Payment, refund: Refund) -> int:
    """What of an original-payment refund goes back to the wallet: the part the invoice's own
    remainder cannot cover (refunds go back to the invoice first)."""
    invoice_left = (payment.amount - payment.wallet_amount) - (
        payment.refunded_amount - payment.wallet_refunded
    )
    return max(refund.amount - max(invoice_left, 0), 0)


async def _wallet_refund(uow: UnitOfWork, of: Refund, amount: int, now: datetime) -> Refund:
    """The wallet's part of a refund split between the invoice and the wallet."""
    part = Refund(
        number=await next_number(uow.session, refund_numbers, "REF", now),
        payment_id=of.payment_id,
        order_id=of.order_id,
        seller_id=of.seller_id,
        user_id=of.user_id,
        amount=amount,
        method="wallet",
        reason=of.reason,
        # paid out in the same transaction (the wallet credits it on refund.completed); never
        # open, so it does not count as the payment's one open refund
        status="completed",
        completed_at=now,
        requested_by=of.requested_by,
        idempotency_key=f"{of.id}:wallet",
        requested_at=now,
    )
    uow.session.add(part)
    await uow.session.flush()
    await uow.outbox.add(
        RefundRequested(
            **_fields(part), reason=part.reason, requested_by=part.requested_by, requested_at=now
        ),
        aggregate_id=part.id,
    )
    return part


async def _complete(uow: UnitOfWork, payment: Payment, refund: Refund, now: datetime) -> None:
    share = await uow.session.get_one(PaymentOrder, (refund.payment_id, refund.order_id))
    share.refunded_amount += refund.amount
    payment.refunded_amount += refund.amount
    payment.status = (
        "refunded" if payment.refunded_amount >= payment.amount else "partially_refunded"
    )
    payment.updated_at = now
    refund.status = "completed"
    refund.completed_at = now
    await uow.outbox.add(
        RefundCompleted(
            **_fields(refund), gateway_refund_id=refund.gateway_refund_id, completed_at=now
        ),
        aggregate_id=refund.id,
    )


async def _fail(uow: UnitOfWork, refund: Refund, now: datetime, reason: str) -> None:
    refund.status = "failed"
    refund.failed_at = now
    refund.failure_reason = reason
    await uow.outbox.add(
        RefundFailed(**_fields(refund), failure_reason=reason, failed_at=now),
        aggregate_id=refund.id,
    )


def _fields(refund: Refund) -> dict[str, Any]:
    return {
        "refund_id": refund.id,
        "refund_number": refund.number,
        "payment_id": refund.payment_id,
        "order_id": refund.order_id,
        "user_id": refund.user_id,
        "seller_id": refund.seller_id,
        "amount": refund.amount,
        "method": refund.method,
    }
