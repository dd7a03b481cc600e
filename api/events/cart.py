"""``cart.*`` events, produced by the cart service onto ``cart.events``."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime

from api.events.base import EventPayload
from api.events.values import CartItemSnapshot, Count, Quantity


class CartItemAdded(EventPayload, event_type="cart.item_added", aggregate_type="cart"):
    """A user put a variant in their cart (or raised its quantity)."""

    cart_id: UUID
    user_id: UUID
    item: CartItemSnapshot
    added_at: AwareDatetime


class CartItemRemoved(EventPayload, event_type="cart.item_removed", aggregate_type="cart"):
    """A line left the cart, by the user or because its product was deleted."""

    cart_id: UUID
    user_id: UUID
    cart_item_id: UUID
    variant_id: UUID
    quantity: Quantity
    reason: Literal["user", "product_deleted"]
    removed_at: AwareDatetime


class CartCleared(EventPayload, event_type="cart.cleared", aggregate_type="cart"):
    """A cart was emptied, by the user or by a checkout."""

    cart_id: UUID
    user_id: UUID
    item_count: Count
    reason: Literal["user", "checkout"]
    checkout_id: UUID | None
    cleared_at: AwareDatetime
