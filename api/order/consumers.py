"""The events the order service consumes: an explicit ``{event_type: handler}`` table.

The saga's reactions: the money (payment paid / expired) and the stock (reservation confirmed /
released) that together make an order paid, shipments picked up and delivered, refunds done.
Handlers only act on orders in the state they expect, so late or reordered events are harmless.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from api.events import (
    Event,
    InventoryConfirmed,
    InventoryReleased,
    PaymentExpired,
    PaymentPaid,
    RefundCompleted,
    RefundFailed,
    ShipmentDelivered,
    ShipmentInTransit,
    ShipmentPickedUp,
)
from api.kit.consumer import Handler
from api.kit.uow import UnitOfWork
from api.order.service import lifecycle, origins, paying, refunds
from api.order.settings import get_settings


def _accept_within() -> timedelta:
    return timedelta(hours=get_settings().seller_acceptance_hours)


async def on_payment_paid(event: Event[Any], uow: UnitOfWork) -> None:
    """The money arrived: paid where the stock is held too; refunded where the order closed."""
    payload: PaymentPaid = event.payload
    await paying.payment_received(
        uow,
        checkout_id=payload.checkout_id,
        payment_id=payload.payment_id,
        at=payload.paid_at,
        accept_within=_accept_within(),
    )


async def on_payment_expired(event: Event[Any], uow: UnitOfWork) -> None:
    """The payment window passed: the checkout's unpaid orders expire."""
    payload: PaymentExpired = event.payload
    await paying.payment_expired(
        uow, checkout_id=payload.checkout_id, payment_id=payload.payment_id, at=payload.expired_at
    )


async def on_inventory_confirmed(event: Event[Any], uow: UnitOfWork) -> None:
    """The warehouse holds the order's stock for good: paid if the money is in too."""
    payload: InventoryConfirmed = event.payload
    await paying.stock_confirmed(
        uow, order_id=payload.order_id, at=payload.confirmed_at, accept_within=_accept_within()
    )


async def on_inventory_released(event: Event[Any], uow: UnitOfWork) -> None:
    """The order's stock went back: an order still awaiting payment can no longer be paid."""
    payload: InventoryReleased = event.payload
    await paying.stock_released(
        uow, order_id=payload.order_id, reason=payload.reason, at=payload.released_at
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
        courier=payload.courier,
        tracking_number=payload.tracking_number,
        at=payload.delivered_at,
        return_window=timedelta(days=get_settings().return_window_days),
    )


async def on_refund_completed(event: Event[Any], uow: UnitOfWork) -> None:
    """The order's refund was paid out: a returned order is closed (refunded or completed)."""
    payload: RefundCompleted = event.payload
    await refunds.refund_completed(
        uow, order_id=payload.order_id, refund_id=payload.refund_id, at=payload.completed_at
    )


async def on_refund_failed(event: Event[Any], uow: UnitOfWork) -> None:
    """The gateway could not pay the order's refund out: marked for staff."""
    payload: RefundFailed = event.payload
    await refunds.refund_failed(
        uow, order_id=payload.order_id, refund_id=payload.refund_id, reason=payload.failure_reason
    )


async def on_seller_verified(event: Event[Any], uow: UnitOfWork) -> None:
    seller = event.payload
    if seller.pickup_postal_code:
        await origins.remember(
            uow,
            seller_id=seller.seller_id,
            postal_code=seller.pickup_postal_code,
            at=seller.verified_at,
        )


HANDLERS: dict[str, Handler] = {
    "payment.paid": on_payment_paid,
    "payment.expired": on_payment_expired,
    "inventory.confirmed": on_inventory_confirmed,
    "inventory.released": on_inventory_released,
    # a tracking update can overtake the pickup notice: either one means "with the courier"
    "shipment.picked_up": on_shipment_picked_up,
    "shipment.in_transit": on_shipment_picked_up,
    "shipment.delivered": on_shipment_delivered,
    "refund.completed": on_refund_completed,
    "refund.failed": on_refund_failed,
    "seller.verified": on_seller_verified,
}
