"""What moves an order after checkout: seller acceptance, shipment, cancel, complete.

(Becoming paid is ``paying``; returns and their refunds are ``returns`` and ``refunds``.)

Every function is idempotent against redelivered or late events: it acts only on orders in the
state it expects and leaves the others alone (the inbox absorbs exact duplicates already).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal
from uuid import UUID

from sqlalchemy import select

from api.events import (
    OrderCancelled,
    OrderCompleted,
    OrderDelivered,
    OrderShipped,
)
from api.kit.uow import UnitOfWork
from api.order.models import Order, ReturnedItem
from api.order.service import wallet_share
from api.order.service.transitions import (
    identity,
    locked_order,
    move,
    orders_of_checkout,
    owe_refund,
)
from api.order.statemachine import Status, refund_required

CancelReason = Literal["customer", "seller_rejected", "seller_timeout", "admin", "out_of_stock"]


async def cancel(
    uow: UnitOfWork,
    order: Order,
    *,
    at: datetime,
    reason: CancelReason,
    actor_id: UUID | None,
) -> list[Order]:
    """Cancel an order (409 once shipped); one whose money arrived is owed what remains of it.

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
        # money may have arrived while the stock was still being confirmed (see paying.py)
        owed = refund_required(previous) or target.payment_received_at is not None
        target.cancelled_at, target.cancel_reason = at, reason
        if owed:
            # at most the order's total: the payment service refunds what remains of the order
            # (staff may have refunded part of it already), so never more than was kept
            owe_refund(target, at_most=target.total)
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
    await wallet_share.follow(uow, order.checkout_id)
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
    uow: UnitOfWork,
    *,
    order_id: UUID,
    shipment_id: UUID,
    courier: str,
    tracking_number: str | None,
    at: datetime,
    return_window: timedelta,
) -> Order:
    """The courier delivered: ``delivered``; the return window starts.

    A delivery proves the pick-up: when the courier's statuses arrive out of order (their webhooks
    race) or the pick-up was never reported, the order is shipped first, at the delivery time,
    instead of staying ``processing`` for ever with its parcel at the buyer's door."""
    order = await locked_order(uow, order_id)
    if order.status in (Status.paid, Status.processing):
        order = await ship(
            uow,
            order_id=order_id,
            shipment_id=shipment_id,
            courier=courier,
            tracking_number=tracking_number,
            at=at,
        )
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
    by: Literal["customer", "auto", "partial_return"],
    actor_id: UUID | None = None,
    returned: Sequence[ReturnedItem] = (),
    refund_id: UUID | None = None,
    refunded_amount: int = 0,
) -> None:
    """``completed``: settleable. From ``delivered`` (the customer confirms, or the window
    passed), or from ``returned`` once a partial return's refund is paid (``returned`` names
    the lines that came back; the seller is paid for the others)."""
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
            kept_subtotal=order.subtotal - sum(line.line_total for line in returned),
            returned_item_ids=[line.order_item_id for line in returned],
            return_id=returned[0].return_id if returned else None,
            refund_id=refund_id,
            refunded_amount=refunded_amount,
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
