"""Creating payments (idempotently, each with a Xendit invoice) and reading them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from api.events.payment import PaymentCreated, PaymentPaid
from api.events.values import OrderShare
from api.kit.auth import Principal, Role, ensure_owner
from api.kit.errors import Unprocessable, UpstreamError
from api.kit.numbering import next_number
from api.kit.uow import UnitOfWork
from api.payment.errors import IdempotencyKeyReused, PaymentNotFound
from api.payment.models import Payment, PaymentOrder, payment_numbers
from api.payment.schemas import PaymentCreate
from api.payment.service.gateway_log import log_call
from api.payment.xendit import XenditClient

# Support staff read payments to answer tickets; admins read everything.
READERS = frozenset({Role.admin, Role.support_agent})


async def create_payment(
    uow: UnitOfWork,
    *,
    gateway: XenditClient,
    idempotency_key: str,
    body: PaymentCreate,
    now: datetime,
    invoice_duration_seconds: int,
) -> Payment:
    """The payment for ``idempotency_key``: created with its invoice, or the one made before."""
    existing = await _by_key(uow, idempotency_key)
    if existing is not None:
        return _same_request(existing, body)
    if sum(order.total for order in body.orders) != body.amount:
        raise Unprocessable("The orders' totals must add up to the amount", field="orders")
    if len({order.order_id for order in body.orders}) != len(body.orders):
        raise Unprocessable("An order is listed twice", field="orders")
    if body.wallet_amount > body.amount:
        raise Unprocessable("The wallet share exceeds the amount", field="wallet_amount")

    payment_id = uuid4()
    number = await next_number(uow.session, payment_numbers, "PAY", now)
    # ON CONFLICT: a concurrent request with the same key waits on the unique index until the
    # first commits, then finds nothing inserted and answers with the first one's payment.
    inserted = await uow.session.execute(
        insert(Payment)
        .values(
            id=payment_id,
            number=number,
            idempotency_key=idempotency_key,
            checkout_id=body.checkout_id,
            user_id=body.user_id,
            amount=body.amount,
            wallet_amount=body.wallet_amount,
            wallet_refunded=0,
            currency="IDR",
            status="pending",
            payer_email=body.payer_email,
            description=body.description,
            expires_at=now + timedelta(seconds=invoice_duration_seconds),
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(Payment.id)
    )
    if inserted.first() is None:
        winner = await _by_key(uow, idempotency_key)
        assert winner is not None
        return _same_request(winner, body)
    for order in body.orders:
        uow.session.add(
            PaymentOrder(
                payment_id=payment_id,
                order_id=order.order_id,
                seller_id=order.seller_id,
                total=order.total,
                refunded_amount=0,
            )
        )

    if body.wallet_amount == body.amount:
        return await _paid_from_wallet(uow, payment_id, now=now)
    response = await gateway.create_invoice(
        external_id=number,
        amount=body.amount - body.wallet_amount,
        invoice_duration=invoice_duration_seconds,
        payer_email=body.payer_email,
        description=body.description or f"LAKOO checkout {body.checkout_id}",
    )
    await log_call(uow, response, payment_id=payment_id, invoice_id=None)
    if not response.ok:
        raise UpstreamError(f"Xendit refused the invoice (status {response.status_code})")

    payment = await uow.session.get_one(Payment, payment_id)
    payment.invoice_id = str(response.body["id"])
    payment.invoice_url = str(response.body.get("invoice_url") or "")
    await uow.outbox.add(
        PaymentCreated(
            **await event_fields(uow, payment),
            invoice_url=payment.invoice_url,
            expires_at=payment.expires_at,
            created_at=now,
        ),
        aggregate_id=payment.id,
    )
    return payment


async def _paid_from_wallet(uow: UnitOfWork, payment_id: UUID, *, now: datetime) -> Payment:
    """The wallet covers it all: no invoice, paid at once (the order service captures the
    hold it placed when ``payment.paid`` reaches it)."""
    payment = await uow.session.get_one(Payment, payment_id)
    payment.status, payment.method, payment.paid_at = "paid", "wallet", now
    payment.gateway_fee, payment.net_amount = 0, payment.amount
    fields = await event_fields(uow, payment)
    await uow.outbox.add(
        PaymentCreated(**fields, invoice_url="", expires_at=payment.expires_at, created_at=now),
        aggregate_id=payment.id,
    )
    await uow.outbox.add(
        PaymentPaid(
            **fields,
            gateway_fee=0,
            net_amount=payment.amount,
            method="wallet",
            channel=None,
            paid_at=now,
        ),
        aggregate_id=payment.id,
    )
    return payment


async def get_payment(uow: UnitOfWork, *, payment_id: UUID, principal: Principal) -> Payment:
    """A payment its owner, an admin or support may read."""
    payment = await uow.session.get(Payment, payment_id)
    if payment is None:
        raise PaymentNotFound(f"Payment {payment_id} not found")
    if principal.role not in READERS:
        ensure_owner(principal, payment.user_id, what="payment")
    return payment


async def orders_of(uow: UnitOfWork, payment_id: UUID) -> list[PaymentOrder]:
    """The orders a payment covers, in a stable order."""
    rows = await uow.session.scalars(
        select(PaymentOrder)
        .where(PaymentOrder.payment_id == payment_id)
        .order_by(PaymentOrder.order_id)
    )
    return list(rows)


async def event_fields(uow: UnitOfWork, payment: Payment) -> dict[str, Any]:
    """The fields every ``payment.*`` event carries, orders included (for fee splitting)."""
    orders = await orders_of(uow, payment.id)
    return {
        "payment_id": payment.id,
        "payment_number": payment.number,
        "checkout_id": payment.checkout_id,
        "user_id": payment.user_id,
        "amount": payment.amount,
        "currency": "IDR",
        "invoice_id": payment.invoice_id or "",
        "orders": [
            OrderShare(order_id=o.order_id, seller_id=o.seller_id, total=o.total) for o in orders
        ],
    }


async def _by_key(uow: UnitOfWork, key: str) -> Payment | None:
    result = await uow.session.scalars(select(Payment).where(Payment.idempotency_key == key))
    return result.first()


def _same_request(payment: Payment, body: PaymentCreate) -> Payment:
    # A key names one request: replaying it with other figures is a client bug, not a retry.
    if (payment.checkout_id, payment.amount, payment.wallet_amount) != (
        body.checkout_id,
        body.amount,
        body.wallet_amount,
    ):
        raise IdempotencyKeyReused("This Idempotency-Key was used for a different payment")
    return payment
