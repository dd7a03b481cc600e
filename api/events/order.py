"""``order.*`` events, produced by the order service onto ``order.events``.

Every order event carries ``seller_id`` and ``fulfilment`` so the settlement mart can attribute it
without joining back to ``order.created``; ``seller_id`` is null for house (LAKOO) orders.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime

from api.events.base import EventPayload
from api.events.values import (
    AddressSnapshot,
    Currency,
    Fulfilment,
    OrderItemSnapshot,
    OrderStatus,
    Rupiah,
)


class _OrderEvent(EventPayload):
    """Fields every order event shares."""

    order_id: UUID
    order_number: str
    checkout_id: UUID
    user_id: UUID
    seller_id: UUID | None
    fulfilment: Fulfilment


class OrderCreated(_OrderEvent, event_type="order.created", aggregate_type="order"):
    """A checkout created this order (one per fulfilment source), awaiting payment."""

    items: list[OrderItemSnapshot]
    brand_ids: list[UUID]
    subtotal: Rupiah
    shipping_cost: Rupiah
    total: Rupiah
    currency: Currency
    shipping_address: AddressSnapshot
    payment_due_at: AwareDatetime
    created_at: AwareDatetime


class OrderPaid(_OrderEvent, event_type="order.paid", aggregate_type="order"):
    """The checkout payment covering this order was paid."""

    payment_id: UUID
    total: Rupiah
    paid_at: AwareDatetime


class OrderCancelled(_OrderEvent, event_type="order.cancelled", aggregate_type="order"):
    """An order was cancelled; if it had been paid, a refund follows."""

    previous_status: OrderStatus
    reason: Literal["customer", "seller_rejected", "seller_timeout", "admin", "out_of_stock"]
    cancelled_by: UUID | None
    total: Rupiah
    refund_required: bool
    cancelled_at: AwareDatetime


class OrderExpired(_OrderEvent, event_type="order.expired", aggregate_type="order"):
    """An order's payment window passed without payment."""

    payment_id: UUID | None
    total: Rupiah
    expired_at: AwareDatetime


class OrderShipped(_OrderEvent, event_type="order.shipped", aggregate_type="order"):
    """An order was handed to the courier (stock is deducted now)."""

    shipment_id: UUID
    courier: str
    tracking_number: str | None
    shipped_at: AwareDatetime


class OrderDelivered(_OrderEvent, event_type="order.delivered", aggregate_type="order"):
    """An order reached the customer; its return window starts."""

    shipment_id: UUID
    delivered_at: AwareDatetime
    return_window_ends_at: AwareDatetime


class OrderCompleted(_OrderEvent, event_type="order.completed", aggregate_type="order"):
    """An order was completed (confirmed or return window passed) and becomes settleable."""

    subtotal: Rupiah
    shipping_cost: Rupiah
    total: Rupiah
    completed_by: Literal["customer", "auto"]
    completed_at: AwareDatetime


class OrderReturnRequested(
    _OrderEvent, event_type="order.return_requested", aggregate_type="order"
):
    """A customer asked to return a delivered order."""

    return_id: UUID
    return_number: str
    order_item_ids: list[UUID]
    reason: str
    requested_at: AwareDatetime


class OrderReturned(_OrderEvent, event_type="order.returned", aggregate_type="order"):
    """Returned goods arrived back; a refund of ``refund_amount`` follows."""

    return_id: UUID
    return_number: str
    order_item_ids: list[UUID]
    refund_amount: Rupiah
    returned_at: AwareDatetime
