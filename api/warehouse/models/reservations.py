"""Reservations per checkout and order, and the grosir bundle configs and lock states."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.warehouse.models.base import Base, server_now


class ReservationCheckout(Base):
    """One reservation request per checkout: makes ``POST /internal/reservations`` idempotent."""

    __tablename__ = "reservation_checkouts"
    checkout_id: Mapped[UUID] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = server_now()


class Reservation(Base):
    """One order's reservation: ``reserved → confirmed → fulfilled`` or ``released``/``expired``."""

    __tablename__ = "reservations"
    id: Mapped[UUID] = mapped_column(primary_key=True)
    checkout_id: Mapped[UUID] = mapped_column(ForeignKey("reservation_checkouts.checkout_id"))
    order_id: Mapped[UUID] = mapped_column(unique=True)
    seller_id: Mapped[UUID | None]
    fulfilment: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, default="reserved")
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reserved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    fulfilled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    release_reason: Mapped[str | None] = mapped_column(Text)
    payment_id: Mapped[UUID | None]
    shipment_id: Mapped[UUID | None]
    __table_args__ = (
        CheckConstraint(
            "status IN ('reserved', 'confirmed', 'fulfilled', 'released', 'expired')",
            name="status",
        ),
        Index("ix_reservations_checkout", "checkout_id"),
        # the expiry job scans only live, unpaid reservations
        Index(
            "ix_reservations_expiring", "expires_at", postgresql_where=text("status = 'reserved'")
        ),
    )


class ReservationLine(Base):
    """One order item's reservation: how much came from stock and how much is a backorder."""

    __tablename__ = "reservation_lines"
    id: Mapped[UUID] = mapped_column(primary_key=True)
    reservation_id: Mapped[UUID] = mapped_column(ForeignKey("reservations.id"), index=True)
    order_item_id: Mapped[UUID]
    variant_id: Mapped[UUID] = mapped_column(ForeignKey("variants.id"), index=True)
    location_id: Mapped[UUID] = mapped_column(ForeignKey("locations.id"))
    quantity: Mapped[int]
    from_stock: Mapped[int]
    from_backorder: Mapped[int]
    created_at: Mapped[datetime] = server_now()
    __table_args__ = (
        CheckConstraint(
            "quantity > 0 AND from_stock >= 0 AND from_backorder >= 0 "
            "AND from_stock + from_backorder = quantity",
            name="split",
        ),
    )


class BundleConfig(Base):
    """A house product's grosir bundle: cost, supplier, minimum bundles per PO."""

    __tablename__ = "bundle_configs"
    product_id: Mapped[UUID] = mapped_column(primary_key=True)
    bundle_cost: Mapped[int | None] = mapped_column(BigInteger)
    supplier_id: Mapped[UUID | None]
    min_bundles_per_po: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[UUID | None]
    updated_at: Mapped[datetime] = server_now()
    __table_args__ = (
        CheckConstraint("bundle_cost >= 0", name="bundle_cost"),
        CheckConstraint("min_bundles_per_po >= 1", name="min_bundles"),
    )


class BundleItem(Base):
    """One variant of a bundle: units per bundle and its tolerance (``max_excess_units``)."""

    __tablename__ = "bundle_items"
    variant_id: Mapped[UUID] = mapped_column(ForeignKey("variants.id"), primary_key=True)
    product_id: Mapped[UUID] = mapped_column(
        ForeignKey("bundle_configs.product_id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]  # config order: ties between constraining variants go to the first
    units_per_bundle: Mapped[int]
    max_excess_units: Mapped[int]
    __table_args__ = (
        CheckConstraint("units_per_bundle >= 1", name="units"),
        CheckConstraint("max_excess_units >= 0", name="tolerance"),
    )


class GrosirState(Base):
    """The last published lock state of a variant, so transitions are announced exactly once."""

    __tablename__ = "grosir_states"
    variant_id: Mapped[UUID] = mapped_column(ForeignKey("variants.id"), primary_key=True)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    constraining_variant_id: Mapped[UUID | None]
    max_orderable: Mapped[int]
    updated_at: Mapped[datetime] = server_now()
