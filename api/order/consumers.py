"""The events the order service consumes: an explicit ``{event_type: handler}`` table.

The saga's reactions: payment paid / expired, shipments picked up and delivered, refunds done.
Handlers only act on orders in the state they expect, so late or reordered events are harmless.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from api.events import (
    Event,
    PaymentExpired,
    PaymentPaid,
    RefundCompleted,
    ShipmentDelivered,
    ShipmentInTransit,
    ShipmentPickedUp,
)
from api.kit.consumer import Handler
from api.kit.uow import UnitOfWork
from api.order.app import get_settings
from api.order.service import lifecycle, returns


async def on_payment_paid(event: Event[Any], uow: UnitOfWork) -> None:
    """Paid: the checkout's orders become ``paid`` (house orders move on to ``processing``)."""
    payload: PaymentPaid = event.payload
    await lifecycle.mark_paid(
        uow,
        checkout_id=payload.checkout_id,
        payment_id=payload.payment_id,
        at=payload.paid_at,
        accept_within=timedelta(hours=get_settings().seller_acceptance_hours),
    )


async def on_payment_expired(event: Event[Any], uow: UnitOfWork) -> None:
    """The payment window passed: the checkout's unpaid orders expire."""
    payload: PaymentExpired = event.payload
    await lifecycle.mark_expired(
        uow, checkout_id=payload.checkout_id, payment_id=payload.payment_id, at=payload.expired_at
    )


async def on_shipment_picked_up(event: Event[Any], uow: UnitOfWork) -> None:
    """The courier has the parcel: ``shipped``."""
    payload: ShipmentPickedUp | ShipmentInTransit = event.payload
    at = payload.picked_up_at if isinstance(payload, ShipmentPickedUp) else payload.updated_at
    await lifecycle.ship(
        uow,
        order_id=payload.order_id,
        shipment_id=payload.shipment_id,
        courier=payload.courier,
        tracking_number=payload.tracking_number,
        at=at,
    )


async def on_shipment_delivered(event: Event[Any], uow: UnitOfWork) -> None:
    """The parcel arrived: ``delivered``; the return window starts."""
    payload: ShipmentDelivered = event.payload
    await lifecycle.deliver(
        uow,
        order_id=payload.order_id,
        shipment_id=payload.shipment_id,
        at=payload.delivered_at,
        return_window=timedelta(days=get_settings().return_window_days),
    )


async def on_refund_completed(event: Event[Any], uow: UnitOfWork) -> None:
    """The refund was paid out: a returned order becomes ``refunded``."""
    payload: RefundCompleted = event.payload
    await returns.refund_completed(uow, order_id=payload.order_id, at=payload.completed_at)


HANDLERS: dict[str, Handler] = {
    "payment.paid": on_payment_paid,
    "payment.expired": on_payment_expired,
    # a tracking update can overtake the pickup notice: either one means "with the courier"
    "shipment.picked_up": on_shipment_picked_up,
    "shipment.in_transit": on_shipment_picked_up,
    "shipment.delivered": on_shipment_delivered,
    "refund.completed": on_refund_completed,
}
