"""The cart's request and response bodies (``GET /api/cart`` is a fixed public contract)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field, Strict

from api.kit.schemas import ReadSchema, Schema

Quantity = Annotated[int, Strict(), Field(ge=1, le=999)]


class CartItemCreate(Schema):
    """``POST /api/cart/items``: ``brand_id`` names the house brand a house item is bought under."""

    variant_id: UUID
    quantity: Quantity
    brand_id: UUID | None = None


class CartItemUpdate(Schema):
    """``PATCH /api/cart/items/{id}``: a new quantity, or a move to/from saved-for-later."""

    quantity: Quantity | None = None
    saved_for_later: bool | None = None


class CartItemRead(ReadSchema):
    id: UUID
    variant_id: UUID
    product_id: UUID
    brand_id: UUID | None
    seller_id: UUID | None
    sku: str
    name: str
    size: str | None
    color: str | None
    quantity: int
    unit_price: int = Field(description="the price the buyer saw when adding (or accepted since)")
    current_price: int
    price_changed: bool
    available: bool
    unavailable_reason: str | None
    saved_for_later: bool
    line_total: int
    added_at: datetime


class CartRead(BaseModel):
    """The caller's cart: ``items`` are bought at checkout, ``saved_for_later`` are not."""

    id: UUID
    user_id: UUID
    items: list[CartItemRead]
    saved_for_later: list[CartItemRead]
    total: int = Field(description="sum of the available items at their snapshot price")
    price_changed: bool
    all_available: bool


class CheckoutClear(Schema):
    """``POST /internal/carts/{user_id}/checkout``: the lines a checkout took out of the cart."""

    checkout_id: UUID
    item_ids: Annotated[list[UUID], Field(min_length=1)]
