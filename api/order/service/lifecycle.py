"""What moves an order after checkout: payment, seller acceptance, shipment, cancel, complete.

Every function is idempotent against redelivered or late events: it acts only on orders in the
state it expects and leaves the others alone (the inbox absorbs exact duplicates already).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal
from uuid import UUID

from sqlalchemy import select

from api.events import (
    OrderCancelled,
    OrderCompleted,
    OrderDelivered,
    OrderExpired,
    OrderPaid,
    OrderShipped,
)
from api.kit.uow import UnitOfWork
from api.order.models import Order
from api.order.service.transitions import identity, locked_order, move, orders_of_checkout
from api.order.statemachine import Status, refund_required

CancelReason = Literal["customer", "seller_rejected", "seller_timeout", "admin", "out_of_stock"]


async def mark_paid(
    uow: UnitOfWork, *, checkout_id: UUID, payment_id: UUID, at: datetime, accept_within: timedelta
) -> list[Order]:
    """``payment.paid``: the checkout's orders are paid; house orders are accepted at once.

    LAKOO fulfils its own orders, so they go straight to ``processing``; a seller has
    ``accept_within`` to accept. An order cancelled or expired before the money arrived is
    owed a refund instead.
    """
    orders = await orders_of_checkout(uow, checkout_id)
    for order in orders:
        if order.status != Status.pending_payment:
            if order.status in (Status.cancelled, Status.expired) and order.refund_status == "none":
                order.refund_status, order.refund_amount = "pending", order.total
            continue
        await move(uow, order, Status.paid, at=at, reason="payment received")
        order.paid_at, order.payment_id = at, payment_id
        await uow.outbox.add(
            OrderPaid(**identity(order), payment_id=payment_id, total=order.total, paid_at=at),
            aggregate_id=order.id,
        )
        if order.seller_id is None:
            await move(uow, order, Status.processing, at=at, reason="house order: auto-accepted")
            order.accepted_at = at
        else:
            order.accept_by = at + accept_within
    return orders


async def mark_expired(
    uow: UnitOfWork, *, checkout_id: UUID, payment_id: UUID | None, at: datetime
) -> list[Order]:
    """``payment.expired``: unpaid orders of the checkout expire (the warehouse releases)."""
    orders = await orders_of_checkout(uow, checkout_id)
    for order in orders:
        if order.status != Status.pending_payment:
            continue
        await move(uow, order, Status.expired, at=at, reason="payment window passed")
        await uow.outbox.add(
            OrderExpired(
                **identity(order), payment_id=payment_id, total=order.total, expired_at=at
            ),
            aggregate_id=order.id,
        )
    return orders


async def cancel(
    uow: UnitOfWork,
    order: Order,
    *,
    at: datetime,
    reason: CancelReason,
    actor_id: UUID | None,
) -> list[Order]:
    """Cancel an order (409 once shipped); a paid one is owed a refund.

    Before payment one invoice covers the whole checkout, so cancelling one unpaid order
    cancels its unpaid siblings too: the buyer is never asked to pay for a cancelled order.
    """
    targets = [order]
    if order.status == Status.pending_payment:
        targets = [
            o
            for o in await orders_of_checkout(uow, order.checkout_id)
            if o.status == Status.pending_payment
        ]
    for target in targets:
        previous = await move(
            uow, target, Status.cancelled, at=at, reason=reason, actor_id=actor_id
        )
        owed = refund_required(previous)
        target.cancelled_at, target.cancel_reason = at, reason
        if owed:
            target.refund_status, target.refund_amount = "pending", target.total
        await uow.outbox.add(
            OrderCancelled(
                **identity(target),
                previous_status=previous.value,
                reason=reason,
                cancelled_by=actor_id,
                total=target.total,
                refund_required=owed,
                cancelled_at=at,
            ),
            aggregate_id=target.id,
        )
    return targets


async def accept(uow: UnitOfWork, order: Order, *, at: datetime, actor_id: UUID | None) -> None:
    """The seller accepts a paid order (``paid → processing``)."""
    await move(uow, order, Status.processing, at=at, reason="seller accepted", actor_id=actor_id)
    order.accepted_at = at


async def ship(
    uow: UnitOfWork,
    *,
    order_id: UUID,
    shipment_id: UUID,
    courier: str,
    tracking_number: str | None,
    at: datetime,
) -> Order:
    """The courier picked the parcel up: ``shipped`` (stock is deducted by the warehouse)."""
    order = await locked_order(uow, order_id)
    order.shipment_id = shipment_id
    if order.status == Status.paid:  # a seller who hands the parcel over has accepted it
        await accept(uow, order, at=at, actor_id=None)
    if order.status != Status.processing:
        return order
    await move(uow, order, Status.shipped, at=at, reason=f"picked up by {courier}")
    order.shipped_at, order.courier_tracking = at, tracking_number
    await uow.outbox.add(
        OrderShipped(
            **identity(order),
            shipment_id=shipment_id,
            courier=courier,
            tracking_number=tracking_number,
            shipped_at=at,
        ),
        aggregate_id=order.id,
    )
    return order


async def deliver(
    uow: UnitOfWork, *, order_id: UUID, shipment_id: UUID, at: datetime, return_window: timedelta
) -> Order:
    """The courier delivered: ``delivered``; the return window starts."""
    order = await locked_order(uow, order_id)
    if order.status != Status.shipped:
        return order
    await move(uow, order, Status.delivered, at=at, reason="delivered")
    order.delivered_at, order.return_window_ends_at = at, at + return_window
    await uow.outbox.add(
        OrderDelivered(
            **identity(order),
            shipment_id=shipment_id,
            delivered_at=at,
            return_window_ends_at=order.return_window_ends_at,
        ),
        aggregate_id=order.id,
    )
    return order


async def complete(
    uow: UnitOfWork,
    order: Order,
    *,
    at: datetime,
    by: Literal["customer", "auto"],
    actor_id: UUID | None = None,
) -> None:
    """``delivered → completed`` (the customer confirms, or the window passed): settleable."""
    await move(uow, order, Status.completed, at=at, reason=f"completed ({by})", actor_id=actor_id)
    order.completed_at = at
    await uow.outbox.add(
        OrderCompleted(
            **identity(order),
            subtotal=order.subtotal,
            shipping_cost=order.shipping_cost,
            total=order.total,
            completed_by=by,
            completed_at=at,
        ),
        aggregate_id=order.id,
    )


async def cancel_unaccepted(uow: UnitOfWork, *, now: datetime, limit: int) -> list[Order]:
    """Seller orders still ``paid`` past their acceptance deadline: cancelled, refund owed."""
    orders = await uow.session.scalars(
        select(Order)
        .where(Order.status == Status.paid, Order.accept_by <= now)
        .order_by(Order.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    done = []
    for order in orders:
        done += await cancel(uow, order, at=now, reason="seller_timeout", actor_id=None)
    return done


async def complete_delivered(uow: UnitOfWork, *, now: datetime, limit: int) -> list[Order]:
    """Delivered orders whose return window has passed: completed automatically."""
    orders = list(
        await uow.session.scalars(
            select(Order)
            .where(Order.status == Status.delivered, Order.return_window_ends_at <= now)
            .order_by(Order.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    for order in orders:
        await complete(uow, order, at=now, by="auto")
    return orders
