"""The warehouse's copy of the suppliers and their catalogues, learnt from ``supplier.*`` events.

Each ``supplier.created`` / ``supplier.updated`` carries the whole supplier (terms, standing,
catalogue), so the copy is replaced with each one; ``version`` (the event's time) keeps a late
event from undoing a newer one. ``supplier.performance_updated`` moves the standing alone.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Integer, Numeric, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.warehouse.models.base import Base

TS = DateTime(timezone=True)


class KnownSupplier(Base):
    """A supplier as the warehouse knows it: where POs go and the standing that steers them."""

    __tablename__ = "suppliers"
    id: Mapped[UUID] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    whatsapp: Mapped[str | None] = mapped_column(Text)
    lead_time_days: Mapped[int] = mapped_column(Integer)
    standing: Mapped[str] = mapped_column(Text)
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    stars: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[datetime] = mapped_column(TS)
    standing_version: Mapped[datetime] = mapped_column(TS)


class SupplierOffer(Base):
    """What one supplier sells of one house product: the terms a PO to it is written in."""

    __tablename__ = "supplier_offers"
    supplier_id: Mapped[UUID] = mapped_column(
        ForeignKey("suppliers.id", ondelete="CASCADE"), primary_key=True
    )
    product_id: Mapped[UUID] = mapped_column(primary_key=True, index=True)
    unit_cost: Mapped[int] = mapped_column(BigInteger)
    bundle_cost: Mapped[int] = mapped_column(BigInteger)
    # [{"variant_id": ..., "units": ...}] in the supplier's order
    units_per_bundle: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    min_bundles: Mapped[int] = mapped_column(Integer)
    lead_time_days: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        CheckConstraint(
            "unit_cost >= 1 AND min_bundles >= 1 AND lead_time_days >= 1", name="terms"
        ),
    )
