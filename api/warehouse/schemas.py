"""Request and response models of the warehouse's routes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, Field

from api.kit.schemas import ReadSchema, Rupiah, Schema, UnitChange, UnitCount, Units

Tolerance = UnitCount
Money = Rupiah


# --- registry and stock -------------------------------------------------------------------------


class VariantRegister(Schema):
    """``PUT /internal/variants/{id}``: a variant the warehouse must stock."""

    product_id: UUID
    sku: str = Field(min_length=1, max_length=64)
    seller_id: UUID | None = None
    cost: Money = 0
    reorder_point: Tolerance | None = None


class VariantRead(ReadSchema):
    id: UUID
    product_id: UUID
    sku: str
    seller_id: UUID | None
    location_id: UUID
    cost: int
    reorder_point: int | None


class StockAdjustmentCreate(Schema):
    """A counted, damaged, returned or corrected quantity of one variant."""

    variant_id: UUID
    quantity_change: UnitChange = Field(description="signed change of on-hand")
    reason: str = Field(min_length=1, max_length=500)
    type: Literal["adjustment", "damage", "count", "return"] = "adjustment"


class StockRead(BaseModel):
    variant_id: UUID
    product_id: UUID
    sku: str
    seller_id: UUID | None
    location_id: UUID
    location_type: str
    on_hand: int
    reserved: int
    available: int
    backordered: int
    reorder_point: int


class ReorderPointUpdate(Schema):
    reorder_point: Tolerance


class MovementRead(ReadSchema):
    id: UUID
    number: str
    variant_id: UUID
    location_id: UUID
    type: str
    measure: str
    before: int
    change: int
    after: int
    reason: str | None
    reference_type: str | None
    reference_id: str | None
    created_by: UUID | None
    created_at: datetime


class AlertRead(ReadSchema):
    id: UUID
    variant_id: UUID
    location_id: UUID
    type: str
    status: str
    available: int
    reorder_point: int
    created_at: datetime
    resolved_at: datetime | None
    resolved_by: UUID | None
    resolution: str | None


class AlertResolve(Schema):
    note: str = Field("resolved", min_length=1, max_length=500)


# --- reservations -------------------------------------------------------------------------------


class ReservationItemIn(Schema):
    order_id: UUID
    variant_id: UUID
    quantity: Units
    order_item_id: UUID | None = None  # default: derived from (order, variant)


class ReservationCreate(Schema):
    """``POST /internal/reservations``: every item of a checkout, all or nothing."""

    checkout_id: UUID
    items: list[ReservationItemIn] = Field(min_length=1, max_length=200)
    expires_at: datetime | None = None


class ReservationLineRead(BaseModel):
    order_item_id: UUID
    variant_id: UUID
    quantity: int
    from_stock: int
    from_backorder: int


class ReservationRead(BaseModel):
    id: UUID
    order_id: UUID
    status: str
    seller_id: UUID | None
    fulfilment: str
    expires_at: datetime
    items: list[ReservationLineRead]


class CheckoutReservationRead(BaseModel):
    checkout_id: UUID
    expires_at: datetime
    reservations: list[ReservationRead]


# --- grosir -------------------------------------------------------------------------------------


class BundleConfigPut(Schema):
    """``PUT /api/grosir/bundles/{product_id}``: replaces the product's bundle and tolerances."""

    units_per_bundle: dict[UUID, Units] = Field(min_length=1)
    max_excess_units: dict[UUID, Tolerance] = Field(default_factory=dict)
    bundle_cost: Money | None = None
    supplier_id: UUID | None = None
    min_bundles_per_po: Units = 1


class GrosirAvailability(BaseModel):
    variant_id: UUID
    locked: bool
    max_orderable: int
    constraining_variant_id: UUID | None


class BundleVariantRead(GrosirAvailability):
    sku: str
    units_per_bundle: int
    max_excess_units: int
    available: int
    backordered: int
    excess: int


class BundleRead(BaseModel):
    product_id: UUID
    bundle_cost: int | None
    supplier_id: UUID | None
    min_bundles_per_po: int
    bundles_needed: int
    variants: list[BundleVariantRead]


# --- purchase orders ----------------------------------------------------------------------------


class PurchaseOrderProductIn(Schema):
    product_id: UUID
    bundles: Units


class PurchaseOrderCreate(Schema):
    """A purchase order in whole bundles of house products (lines derive from the bundles)."""

    # default: the catalogue supplier in the best standing (else the bundle config's supplier)
    supplier_id: UUID | None = None
    # default: today + the supplier's lead time for these products
    expected_date: date | None = None
    products: list[PurchaseOrderProductIn] = Field(min_length=1, max_length=100)
    notes: str | None = Field(None, max_length=2000)
    # an admin's reason to order from a supplier in very poor standing (kept on the PO)
    standing_override_reason: str | None = Field(None, min_length=3, max_length=500)


class PurchaseOrderProposal(PurchaseOrderCreate):
    """A data-platform proposal, idempotent by ``proposal_key``."""

    proposal_key: str = Field(min_length=1, max_length=200)


class ReceiptLineIn(Schema):
    variant_id: UUID
    received: Tolerance
    damaged: Tolerance = 0


class PurchaseOrderReceive(Schema):
    lines: list[ReceiptLineIn] = Field(min_length=1)
    final: bool = False  # close the PO even if short-shipped
    # when the goods actually arrived, if recorded later (default: now); supplier on-time
    # rates are computed from it, so it may be neither in the future nor before the PO was sent
    received_at: AwareDatetime | None = None


class PurchaseOrderCancel(Schema):
    reason: str = Field(min_length=1, max_length=500)


class PurchaseOrderLineRead(ReadSchema):
    product_id: UUID
    variant_id: UUID
    sku: str
    bundles: int
    units_ordered: int
    unit_cost: int
    units_received: int
    units_damaged: int


class PurchaseOrderRead(BaseModel):
    id: UUID
    number: str
    supplier_id: UUID
    status: str
    source: str
    proposal_key: str | None
    total_cost: int
    requires_admin_approval: bool
    expected_date: date
    notes: str | None
    created_at: datetime
    approved_at: datetime | None
    sent_at: datetime | None
    received_at: datetime | None
    cancelled_at: datetime | None
    supplier_standing: str | None = None
    standing_override_reason: str | None = None
    warnings: list[str] = Field(default_factory=list, description="e.g. poor standing")
    lines: list[PurchaseOrderLineRead]
