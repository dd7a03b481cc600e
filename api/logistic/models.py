"""logistics_db tables: the rate cache, what paid orders ship to, shipments and their tracking."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    MetaData,
    Sequence,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

metadata = MetaData()

shipment_numbers = Sequence("shipment_number_seq", metadata=metadata)

TS = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = metadata


class ShippingRate(Base):
    """One courier service's cached price for a route and weight (DOMAIN.md: rate cache)."""

    __tablename__ = "shipping_rates"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    origin_postal_code: Mapped[str] = mapped_column(Text)
    destination_postal_code: Mapped[str] = mapped_column(Text)
    weight_grams: Mapped[int]
    courier: Mapped[str] = mapped_column(Text)
    service: Mapped[str] = mapped_column(Text)
    service_name: Mapped[str] = mapped_column(Text)
    service_type: Mapped[str] = mapped_column(Text)  # regular | express | …
    price: Mapped[int] = mapped_column(BigInteger)
    etd: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime] = mapped_column(TS)
    expires_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (
        UniqueConstraint(
            "origin_postal_code", "destination_postal_code", "weight_grams", "courier", "service"
        ),
    )


class OrderDestination(Base):
    """Where an order ships, remembered from ``order.created`` until ``order.paid`` books it."""

    __tablename__ = "order_destinations"

    order_id: Mapped[UUID] = mapped_column(primary_key=True)
    order_number: Mapped[str] = mapped_column(Text)
    user_id: Mapped[UUID]
    seller_id: Mapped[UUID | None]
    fulfilment: Mapped[str] = mapped_column(Text)
    address: Mapped[dict[str, Any]] = mapped_column(JSONB)
    item_count: Mapped[int]
    weight_grams: Mapped[int | None]  # null when an item came without its weight (old events)
    items_value: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(TS)


class Shipment(Base):
    """One order's parcel and where it is in its life cycle."""

    __tablename__ = "shipments"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    number: Mapped[str] = mapped_column(Text, unique=True)
    order_id: Mapped[UUID] = mapped_column(unique=True)  # one shipment per order
    user_id: Mapped[UUID] = mapped_column(index=True)
    seller_id: Mapped[UUID | None]
    fulfilment: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    courier: Mapped[str] = mapped_column(Text)
    service: Mapped[str] = mapped_column(Text)
    courier_order_id: Mapped[str | None] = mapped_column(Text, unique=True)
    courier_tracking_id: Mapped[str | None] = mapped_column(Text)
    tracking_number: Mapped[str | None] = mapped_column(Text)
    origin_postal_code: Mapped[str] = mapped_column(Text)
    destination_postal_code: Mapped[str] = mapped_column(Text)
    destination_village_code: Mapped[str] = mapped_column(Text)
    weight_grams: Mapped[int]
    shipping_cost: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)
    delivered_at: Mapped[datetime | None] = mapped_column(TS)


class TrackingEvent(Base):
    """One status a shipment reached: at most once each, which makes webhooks idempotent."""

    __tablename__ = "tracking_events"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    shipment_id: Mapped[UUID] = mapped_column(ForeignKey("shipments.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(Text)
    courier_status: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (
        UniqueConstraint("shipment_id", "status"),
        Index("ix_tracking_events_shipment", "shipment_id", "occurred_at"),
    )
