"""``order.*`` events, produced by the order service onto ``order.events``.

Every order event carries ``seller_id`` and ``fulfilment`` so the settlement mart can attribute it
without joining back to ``order.created``; ``seller_id`` is null for house (LAKOO) orders.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

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
    """An order was completed and becomes settleable: confirmed by the buyer, the return
    window passed, or a partial return was refunded (``partial_return``): the seller is paid for
    the items kept, ``kept_subtotal``; the returned lines went back as the refund
    ``refund_id`` (its own ``refund.completed``, a refund line of the settlement)."""

    subtotal: Rupiah
    shipping_cost: Rupiah
    total: Rupiah
    completed_by: Literal["customer", "auto", "partial_return"]
    completed_at: AwareDatetime
    # Defaults keep events written before these fields existed parseable (nothing returned).
    kept_subtotal: Rupiah | None = Field(
        default=None, description="line totals of the items kept; = subtotal if none returned"
    )
    returned_item_ids: list[UUID] = Field(default_factory=list)
    return_id: UUID | None = None
    refund_id: UUID | None = None
    refunded_amount: Rupiah = Field(default=0, description="what the return refunded")


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
    """Returned goods arrived back; a refund of at most ``refund_amount`` follows (what remains
    refundable of the order caps it). ``full_return``: every line came back, so the order ends
    ``refunded``; otherwise it ends ``completed`` for the lines kept once refunded."""

    return_id: UUID
    return_number: str
    order_item_ids: list[UUID]
    refund_amount: Rupiah
    returned_at: AwareDatetime
    # Defaults keep events written before these fields existed parseable.
    items_total: Rupiah | None = Field(default=None, description="line totals of the lines")
    shipping_refunded: Rupiah = 0
    full_return: bool | None = None
