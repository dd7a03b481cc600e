"""``inventory.*`` events, produced by the warehouse onto ``inventory.events``.

Stock events carry the stock of the (location, variant) *after* the change, so the low-stock and
purchase-order marts can read the current state from the latest event without replaying deltas.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from api.events.base import EventPayload
from api.events.values import (
    Count,
    Fulfilment,
    LocationType,
    MovementType,
    Quantity,
    QuantityChange,
    ReservationLine,
    Rupiah,
    ValueModel,
)


class _StockEvent(EventPayload):
    """A (location, variant) and its stock after the change."""

    variant_id: UUID
    product_id: UUID
    location_id: UUID
    location_type: LocationType
    on_hand: Count
    reserved: Count
    available: Count
    backordered: Count


class _ReservationEvent(EventPayload):
    """One order's reservation and its lines, with the stock of each line after the change."""

    reservation_id: UUID
    checkout_id: UUID
    order_id: UUID
    seller_id: UUID | None
    fulfilment: Fulfilment
    items: list[ReservationLine]


class InventoryReserved(
    _ReservationEvent, event_type="inventory.reserved", aggregate_type="reservation"
):
    """Stock (or backorder headroom) was reserved for an order at checkout."""

    expires_at: AwareDatetime
    reserved_at: AwareDatetime


class InventoryReleased(
    _ReservationEvent, event_type="inventory.released", aggregate_type="reservation"
):
    """A reservation was given back (order cancelled, payment expired, or reservation expired)."""

    reason: Literal["order_cancelled", "order_expired", "payment_expired", "reservation_expired"]
    released_at: AwareDatetime


class InventoryConfirmed(
    _ReservationEvent, event_type="inventory.confirmed", aggregate_type="reservation"
):
    """A reservation was confirmed because its payment was paid."""

    payment_id: UUID
    confirmed_at: AwareDatetime


class InventoryFulfilled(
    _ReservationEvent, event_type="inventory.fulfilled", aggregate_type="reservation"
):
    """A confirmed reservation was deducted from on-hand stock as the order shipped."""

    shipment_id: UUID | None
    fulfilled_at: AwareDatetime


class InventoryAdjusted(_StockEvent, event_type="inventory.adjusted", aggregate_type="inventory"):
    """On-hand stock was changed by a movement other than a reservation (count, damage...)."""

    movement_id: UUID
    movement_number: str
    movement_type: MovementType
    quantity_change: QuantityChange
    before: Count
    after: Count
    reason: str
    reference_type: str | None
    reference_id: str | None
    adjusted_by: UUID | None
    adjusted_at: AwareDatetime


class InventoryLowStock(_StockEvent, event_type="inventory.low_stock", aggregate_type="inventory"):
    """Available stock fell to the reorder point (or below the days-of-cover target)."""

    alert_id: UUID
    reorder_point: Count
    days_of_cover: float | None
    source: Literal["realtime", "analytics"]
    detected_at: AwareDatetime


class InventoryOutOfStock(
    _StockEvent, event_type="inventory.out_of_stock", aggregate_type="inventory"
):
    """Available stock reached zero."""

    alert_id: UUID
    detected_at: AwareDatetime


class _VariantLockEvent(EventPayload):
    """A variant's grosir backorder state and the variant that constrains it."""

    variant_id: UUID
    product_id: UUID
    constraining_variant_id: UUID
    max_orderable: Count
    available: Count
    backordered: Count


class InventoryVariantLocked(
    _VariantLockEvent, event_type="inventory.variant_locked", aggregate_type="inventory"
):
    """A variant can no longer be backordered without overflowing another size's tolerance."""

    locked_at: AwareDatetime


class InventoryVariantUnlocked(
    _VariantLockEvent, event_type="inventory.variant_unlocked", aggregate_type="inventory"
):
    """A locked variant can be ordered again (backorders grew elsewhere or stock arrived)."""

    unlocked_at: AwareDatetime


class BundleVariantTerms(ValueModel):
    """One size of a grosir bundle: its share of a bundle, its tolerance, its reorder point."""

    variant_id: UUID
    units_per_bundle: Quantity
    max_excess_units: Count = Field(description="most unsold surplus of this size accepted")
    reorder_point: Count = Field(
        description="effective reorder point: the variant's own, else the warehouse default"
    )


class InventoryBundleConfigured(
    EventPayload, event_type="inventory.bundle_configured", aggregate_type="product"
):
    """A house product's grosir bundle terms were set (the whole configuration, replacing any).

    Fat on purpose: the purchase-order and low-stock marts read the latest one per product.
    """

    product_id: UUID
    supplier_id: UUID | None = Field(description="factory selling the bundle; null if not set")
    bundle_cost: Rupiah | None = Field(description="price of one bundle; null if not set")
    min_bundles_per_po: Quantity
    variants: list[BundleVariantTerms]
    configured_by: UUID
    configured_at: AwareDatetime
