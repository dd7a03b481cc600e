"""The order service's bodies (checkout and order reads are fixed public contracts, DESIGN §6)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from api.kit.schemas import PositiveRupiah, ReadSchema, Schema


class CheckoutCreate(Schema):
    """``POST /api/checkout`` (header ``Idempotency-Key``): check out the caller's cart."""

    address_id: UUID
    # pay this much from the buyer's wallet (held now, taken when the checkout is paid); the
    # invoice asks for the rest, and there is no invoice when the wallet covers the whole total
    wallet_amount: PositiveRupiah | None = None


class CheckoutOrderRead(BaseModel):
    id: UUID
    number: str
    status: str
    seller_id: UUID | None
    fulfilment: str
    subtotal: int
    shipping_cost: int
    total: int


class CheckoutPaymentRead(BaseModel):
    id: UUID
    number: str
    invoice_id: str | None
    invoice_url: str | None
    amount: int
    status: str
    expires_at: datetime


class CheckoutRead(BaseModel):
    """The checkout's answer; the same Idempotency-Key again returns exactly this."""

    id: UUID
    total: int
    wallet_amount: int = 0  # held in the buyer's wallet; the payment's invoice asks the rest
    orders: list[CheckoutOrderRead]
    payment: CheckoutPaymentRead


class OrderItemRead(ReadSchema):
    id: UUID
    product_id: UUID
    variant_id: UUID
    sku: str
    name: str
    size: str | None
    color: str | None
    brand_id: UUID | None
    seller_id: UUID | None
    unit_price: int
    quantity: int
    line_total: int


class StatusChangeRead(ReadSchema):
    status: str
    from_status: str | None
    reason: str | None
    at: datetime


class OrderRead(BaseModel):
    id: UUID
    number: str
    checkout_id: UUID
    user_id: UUID
    seller_id: UUID | None
    fulfilment: str
    status: str
    items: list[OrderItemRead]
    subtotal: int
    shipping_cost: int
    total: int
    courier: str
    courier_service: str
    shipping_address: dict[str, object]
    payment_id: UUID | None
    payment_due_at: datetime
    accept_by: datetime | None
    return_window_ends_at: datetime | None
    refund_status: str
    refund_amount: int = Field(description="owed, then what the payment service refunded")
    refund_failure: str | None = None
    status_history: list[StatusChangeRead]
    created_at: datetime


class OrderCancel(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=500)] | None = None


class ReturnCreate(Schema):
    """``POST /api/orders/{id}/returns``: every line not returned yet, unless ``order_item_ids``
    names some — distinct lines, each coming back whole (its whole quantity)."""

    reason: Annotated[str, Field(min_length=3, max_length=1000)]
    # an order has far fewer lines than this; the bound keeps a hostile list cheap to refuse
    order_item_ids: Annotated[list[UUID], Field(min_length=1, max_length=200)] | None = None


class ReturnRead(ReadSchema):
    id: UUID
    number: str
    order_id: UUID
    order_item_ids: list[UUID]
    reason: str
    status: Literal["requested", "received"]
    refund_amount: int
    requested_at: datetime
