"""supplier_db tables: suppliers, the house variants the service knows, catalogue offers (with
their bundle shapes) and scored performance periods.

CHECK constraints repeat the rules the service answers 422 for, as a last line of defence.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    Numeric,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

TS = DateTime(timezone=True)
RATE = Numeric(5, 4)
DAYS = Numeric(8, 2)


class Base(DeclarativeBase):
    metadata = metadata


class Supplier(Base):
    """A factory, wholesaler or distributor LAKOO buys house products from.

    ``score``/``stars``/``standing`` are those of the latest rolling 90 days scored
    (``scored_through`` is that window's last day); a supplier never scored is ``unrated``.
    """

    __tablename__ = "suppliers"
    id: Mapped[UUID] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    contact_name: Mapped[str | None] = mapped_column(Text)
    whatsapp: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    payment_terms_days: Mapped[int] = mapped_column(Integer)
    lead_time_days: Mapped[int] = mapped_column(Integer)
    standing: Mapped[str] = mapped_column(Text, default="unrated")
    score: Mapped[Decimal | None] = mapped_column(RATE)
    stars: Mapped[int | None] = mapped_column(Integer)
    scored_through: Mapped[date | None] = mapped_column(Date)
    scored_at: Mapped[datetime | None] = mapped_column(TS)
    created_by: Mapped[UUID | None]
    created_at: Mapped[datetime] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (
        CheckConstraint("type IN ('factory', 'wholesaler', 'distributor')", name="type"),
        CheckConstraint("status IN ('active', 'inactive', 'blocked')", name="status"),
        CheckConstraint(
            "standing IN ('excellent', 'average', 'poor', 'very_poor', 'unrated')", name="standing"
        ),
        CheckConstraint("payment_terms_days >= 0 AND lead_time_days >= 1", name="terms"),
    )


class KnownVariant(Base):
    """A product variant as the supplier service learnt it (``product.*`` events, or the product
    service on demand); ``version`` is the product's time, so rows only move forward."""

    __tablename__ = "variants"
    variant_id: Mapped[UUID] = mapped_column(primary_key=True)
    product_id: Mapped[UUID] = mapped_column(index=True)
    seller_id: Mapped[UUID | None]
    sku: Mapped[str] = mapped_column(Text)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[datetime] = mapped_column(TS)


class CatalogueEntry(Base):
    """What one supplier sells of one house product: unit cost, minimum bundles, lead time."""

    __tablename__ = "catalogue_entries"
    supplier_id: Mapped[UUID] = mapped_column(
        ForeignKey("suppliers.id", ondelete="CASCADE"), primary_key=True
    )
    product_id: Mapped[UUID] = mapped_column(primary_key=True, index=True)
    unit_cost: Mapped[int] = mapped_column(BigInteger)
    min_bundles: Mapped[int] = mapped_column(Integer)
    lead_time_days: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[UUID | None]
    updated_at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (
        CheckConstraint("unit_cost >= 1", name="unit_cost"),
        CheckConstraint("min_bundles >= 1", name="min_bundles"),
        CheckConstraint("lead_time_days >= 1", name="lead_time"),
    )


class CatalogueItem(Base):
    """One size of an offer's grosir bundle (e.g. 5 M in a 12-unit bundle)."""

    __tablename__ = "catalogue_items"
    supplier_id: Mapped[UUID] = mapped_column(primary_key=True)
    product_id: Mapped[UUID] = mapped_column(primary_key=True)
    variant_id: Mapped[UUID] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    units: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        ForeignKeyConstraint(
            ["supplier_id", "product_id"],
            ["catalogue_entries.supplier_id", "catalogue_entries.product_id"],
            ondelete="CASCADE",
            name="fk_catalogue_items_entry",
        ),
        CheckConstraint("units >= 1", name="units"),
    )


class PerformancePeriod(Base):
    """One scored period pushed by the data platform: a calendar month (WIB, locked once
    written) or the rolling 90 days ending on ``period_end``."""

    __tablename__ = "performance_periods"
    supplier_id: Mapped[UUID] = mapped_column(
        ForeignKey("suppliers.id", ondelete="CASCADE"), primary_key=True
    )
    scoring_window: Mapped[str] = mapped_column(Text, primary_key=True)
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    period_end: Mapped[date] = mapped_column(Date, primary_key=True)
    po_count: Mapped[int] = mapped_column(Integer)
    on_time_rate: Mapped[Decimal] = mapped_column(RATE)
    fill_rate: Mapped[Decimal] = mapped_column(RATE)
    quality_rate: Mapped[Decimal] = mapped_column(RATE)
    avg_lead_time_days: Mapped[Decimal] = mapped_column(DAYS)
    promised_lead_time_days: Mapped[Decimal] = mapped_column(DAYS)
    score: Mapped[Decimal] = mapped_column(RATE)
    stars: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[datetime] = mapped_column(TS)
    recorded_at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (
        CheckConstraint("scoring_window IN ('monthly', 'rolling_90d')", name="window"),
        CheckConstraint("po_count >= 1", name="po_count"),
        CheckConstraint(
            "on_time_rate BETWEEN 0 AND 1 AND fill_rate BETWEEN 0 AND 1 "
            "AND quality_rate BETWEEN 0 AND 1 AND score BETWEEN 0 AND 1",
            name="rates",
        ),
        CheckConstraint("stars BETWEEN 1 AND 5", name="stars"),
        CheckConstraint("period_end >= period_start", name="period"),
    )
