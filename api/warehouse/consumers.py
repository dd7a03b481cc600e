"""The events the warehouse consumes: an explicit ``{event_type: handler}`` table.

Handlers run inside the consumer runtime's transaction together with the inbox claim, so a
redelivered event has no second effect; they are also no-ops on reservations already past the
state they act on, so late or reordered events are harmless.
"""

from __future__ import annotations

from typing import Any

from api.events import (
    Event,
    OrderCancelled,
    OrderExpired,
    OrderShipped,
    PaymentExpired,
    PaymentPaid,
)
from api.kit.consumer import Handler
from api.kit.uow import UnitOfWork
from api.warehouse.app import get_settings
from api.warehouse.service import lifecycle


def _reorder_point() -> int:
    return get_settings().default_reorder_point


async def on_payment_paid(event: Event[Any], uow: UnitOfWork) -> None:
    """Paid: the checkout's reservations are confirmed."""
    payload: PaymentPaid = event.payload
    await lifecycle.confirm(
        uow, checkout_id=payload.checkout_id, payment_id=payload.payment_id, at=payload.paid_at
    )


async def on_payment_expired(event: Event[Any], uow: UnitOfWork) -> None:
    """The payment window passed: every unpaid reservation of the checkout is released."""
    payload: PaymentExpired = event.payload
    await lifecycle.release(
        uow,
        reason="payment_expired",
        at=payload.expired_at,
        checkout_id=payload.checkout_id,
        default_reorder_point=_reorder_point(),
    )


async def on_order_cancelled(event: Event[Any], uow: UnitOfWork) -> None:
    """Cancelled (paid or not): the order's reservation is released."""
    payload: OrderCancelled = event.payload
    await lifecycle.release(
        uow,
        reason="order_cancelled",
        at=payload.cancelled_at,
        order_id=payload.order_id,
        default_reorder_point=_reorder_point(),
    )


async def on_order_expired(event: Event[Any], uow: UnitOfWork) -> None:
    """The order expired unpaid: its reservation is released."""
    payload: OrderExpired = event.payload
    await lifecycle.release(
        uow,
        reason="order_expired",
        at=payload.expired_at,
        order_id=payload.order_id,
        default_reorder_point=_reorder_point(),
    )


async def on_order_shipped(event: Event[Any], uow: UnitOfWork) -> None:
    """Shipped: the reserved units leave on-hand stock."""
    payload: OrderShipped = event.payload
    await lifecycle.fulfil(
        uow,
        order_id=payload.order_id,
        shipment_id=payload.shipment_id,
        at=payload.shipped_at,
        default_reorder_point=_reorder_point(),
    )


HANDLERS: dict[str, Handler] = {
    "payment.paid": on_payment_paid,
    "payment.expired": on_payment_expired,
    "order.cancelled": on_order_cancelled,
    "order.expired": on_order_expired,
    "order.shipped": on_order_shipped,
}
