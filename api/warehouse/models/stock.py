"""Locations, the variant registry, stock rows, movements and stock alerts."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Computed,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.warehouse.models.base import Base, server_now


class Location(Base):
    """Where stock sits: the central LAKOO warehouse, or one location per seller."""

    __tablename__ = "locations"
    id: Mapped[UUID] = mapped_column(primary_key=True)
    # "central" or "seller:<seller_id>": one row per place, created on demand
    key: Mapped[str] = mapped_column(Text, unique=True)
    type: Mapped[str] = mapped_column(Text)
    seller_id: Mapped[UUID | None]
    created_at: Mapped[datetime] = server_now()
    __table_args__ = (CheckConstraint("type IN ('central', 'seller')", name="type"),)


class Variant(Base):
    """A variant the warehouse stocks (its own registry until the product service publishes)."""

    __tablename__ = "variants"
    id: Mapped[UUID] = mapped_column(primary_key=True)
    product_id: Mapped[UUID] = mapped_column(index=True)
    sku: Mapped[str] = mapped_column(Text, unique=True)
    seller_id: Mapped[UUID | None]  # null: a house (LAKOO) product
    location_id: Mapped[UUID] = mapped_column(ForeignKey("locations.id"))
    cost: Mapped[int] = mapped_column(BigInteger, default=0)
    reorder_point: Mapped[int | None]  # null: the service default
    created_at: Mapped[datetime] = server_now()
    updated_at: Mapped[datetime] = server_now()
    __table_args__ = (
        CheckConstraint("cost >= 0", name="cost"),
        CheckConstraint("reorder_point >= 0", name="reorder_point"),
    )


class Stock(Base):
    """Stock of one variant at one location; ``available`` is computed by the database."""

    __tablename__ = "stock"
    location_id: Mapped[UUID] = mapped_column(ForeignKey("locations.id"), primary_key=True)
    variant_id: Mapped[UUID] = mapped_column(ForeignKey("variants.id"), primary_key=True)
    on_hand: Mapped[int] = mapped_column(Integer, default=0)
    reserved: Mapped[int] = mapped_column(Integer, default=0)
    available: Mapped[int] = mapped_column(Integer, Computed("on_hand - reserved", persisted=True))
    backordered: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = server_now()
    __table_args__ = (
        CheckConstraint("on_hand >= 0", name="on_hand"),
        CheckConstraint("reserved >= 0 AND reserved <= on_hand", name="reserved"),
        CheckConstraint("backordered >= 0", name="backordered"),
        Index("uq_stock_variant", "variant_id", unique=True),
    )


class Movement(Base):
    """An immutable record of one change of one stock figure (a trigger forbids edits)."""

    __tablename__ = "stock_movements"
    id: Mapped[UUID] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(Text, unique=True)
    location_id: Mapped[UUID] = mapped_column(ForeignKey("locations.id"))
    variant_id: Mapped[UUID] = mapped_column(ForeignKey("variants.id"), index=True)
    type: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(Text)  # which figure moved: on_hand/reserved/backordered
    before: Mapped[int]
    change: Mapped[int]
    after: Mapped[int]
    reason: Mapped[str | None] = mapped_column(Text)
    reference_type: Mapped[str | None] = mapped_column(Text)
    reference_id: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[UUID | None]
    created_at: Mapped[datetime] = server_now()
    __table_args__ = (
        CheckConstraint("before + change = after AND after >= 0", name="arithmetic"),
        CheckConstraint("measure IN ('on_hand', 'reserved', 'backordered')", name="measure"),
    )


class StockAlert(Base):
    """A low-stock or out-of-stock alert; at most one open per (variant, type)."""

    __tablename__ = "stock_alerts"
    id: Mapped[UUID] = mapped_column(primary_key=True)
    variant_id: Mapped[UUID] = mapped_column(ForeignKey("variants.id"))
    location_id: Mapped[UUID] = mapped_column(ForeignKey("locations.id"))
    type: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, default="open")
    available: Mapped[int]
    reorder_point: Mapped[int]
    created_at: Mapped[datetime] = server_now()
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by: Mapped[UUID | None]
    resolution: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint("type IN ('low_stock', 'out_of_stock')", name="type"),
        CheckConstraint("status IN ('open', 'resolved')", name="status"),
        Index(
            "uq_stock_alerts_open",
            "variant_id",
            "type",
            unique=True,
            postgresql_where=text("status = 'open'"),
        ),
    )
