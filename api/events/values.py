"""Value types and small snapshot models shared by the event payloads.

Money is integer rupiah and *strict*: a JSON ``12500.0`` is rejected rather than silently
truncated, because every mart must reconcile with the payment ledger to the rupiah.
Quantities are strict integers for the same reason.
"""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, Strict

# --- scalar types -------------------------------------------------------------------------------

Rupiah = Annotated[int, Strict(), Field(ge=0, description="integer rupiah")]
SignedRupiah = Annotated[int, Strict(), Field(description="integer rupiah, may be negative")]
Quantity = Annotated[int, Strict(), Field(ge=1)]
Count = Annotated[int, Strict(), Field(ge=0)]
QuantityChange = Annotated[int, Strict(), Field(description="signed change in units")]
Rating = Annotated[int, Strict(), Field(ge=1, le=5)]
Currency = Literal["IDR"]

# --- closed sets --------------------------------------------------------------------------------

Role = Literal["customer", "seller", "brand_manager", "warehouse_staff", "support_agent", "admin"]
UserStatus = Literal["pending_verification", "active", "suspended"]
ProductStatus = Literal["draft", "active", "inactive", "discontinued"]
Fulfilment = Literal["house", "seller"]
OrderStatus = Literal[
    "pending_payment",
    "paid",
    "processing",
    "shipped",
    "delivered",
    "completed",
    "cancelled",
    "expired",
    "return_requested",
    "returned",
    "refunded",
]
PaymentMethod = Literal[
    "virtual_account",
    "ewallet",
    "qris",
    "credit_card",
    "retail_outlet",
    "direct_debit",
    "paylater",
    "wallet",
]
RefundMethod = Literal["original_payment", "wallet"]
LocationType = Literal["central", "seller"]
MovementType = Literal[
    "receipt", "reservation", "release", "fulfilment", "adjustment", "damage", "return", "count"
]
AlertType = Literal["low_stock", "out_of_stock"]
CampaignType = Literal["sponsored_search", "product_boost", "category_featured", "homepage_banner"]
PricingModel = Literal["cpc", "cpm"]
Placement = Literal["search", "product_page", "category", "homepage"]
Channel = Literal["email", "sms", "whatsapp", "push", "in_app"]
TicketPriority = Literal["low", "medium", "high", "urgent"]
TicketCategory = Literal["order", "payment", "shipping", "return", "product", "account", "other"]
TicketStatus = Literal["open", "in_progress", "waiting_customer", "resolved", "closed"]
ReviewStatus = Literal["pending", "approved", "rejected"]
WalletOwner = Literal["buyer", "seller"]


class ValueModel(BaseModel):
    """Base of the nested snapshot models: immutable, unknown fields rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class OrderItemSnapshot(ValueModel):
    """One order line frozen at checkout: what was bought, from whom, at what price."""

    order_item_id: UUID
    product_id: UUID
    variant_id: UUID
    sku: str
    name: str
    size: str | None
    color: str | None
    brand_id: UUID | None = Field(
        description="house brand the item was sold under; null for sellers"
    )
    seller_id: UUID | None = Field(description="third-party seller; null for house items")
    unit_price: Rupiah
    quantity: Quantity
    line_total: Rupiah
    # optional so events written before it existed still parse; every producer now fills it
    weight_grams: Count | None = Field(
        default=None, description="weight of one unit in grams, from the variant at checkout"
    )


class AddressSnapshot(ValueModel):
    """A shipping address as it was when the order was placed."""

    address_id: UUID | None
    recipient_name: str
    phone: str
    street: str
    village_code: str
    district_code: str
    regency_code: str
    province_code: str
    postal_code: str
    city: str
    province: str


class OrderShare(ValueModel):
    """One order's part of a checkout payment (for splitting gateway fees pro rata)."""

    order_id: UUID
    seller_id: UUID | None
    total: Rupiah


class PurchaseOrderLine(ValueModel):
    """One variant of a purchase order, ordered in whole bundles."""

    product_id: UUID
    variant_id: UUID
    sku: str
    bundles: Quantity
    units_ordered: Quantity
    unit_cost: Rupiah


class PurchaseOrderReceiptLine(ValueModel):
    """What one receipt brought in for one variant of a purchase order."""

    product_id: UUID
    variant_id: UUID
    units_ordered: Quantity
    units_received: Count
    units_damaged: Count
    units_good: Count
    backorders_filled: Count
    stock_added: Count


class StockLevels(ValueModel):
    """Stock of one variant at one location after a change."""

    on_hand: Count
    reserved: Count
    available: Count
    backordered: Count


class ReservationLine(ValueModel):
    """One order item's reservation, with the stock of its variant after the change."""

    order_item_id: UUID
    product_id: UUID
    variant_id: UUID
    location_id: UUID
    location_type: LocationType
    quantity: Quantity
    from_backorder: Count = Field(description="units sold as backorder, filled by the next PO")
    stock: StockLevels


class CartItemSnapshot(ValueModel):
    """A cart line with the price seen when it was added."""

    cart_item_id: UUID
    product_id: UUID
    variant_id: UUID
    brand_id: UUID | None
    seller_id: UUID | None
    quantity: Quantity
    unit_price: Rupiah


class RatingSummary(ValueModel):
    """A product's (or seller's) rating over its approved reviews, as the review service keeps
    it: ``version`` grows with every change, so a consumer keeps the newest whatever order the
    events of different reviews arrive in."""

    count: Count
    rating_sum: Count
    average: float | None = Field(description="rating_sum / count, 2 decimals; null when none")
    bayesian_average: float = Field(
        description="(prior_mean × prior_weight + rating_sum) / (prior_weight + count)"
    )
    distribution: dict[Literal["1", "2", "3", "4", "5"], Count]
    version: Annotated[int, Strict(), Field(ge=1)]
