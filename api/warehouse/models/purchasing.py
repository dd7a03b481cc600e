"""Purchase orders, their lines and their receipts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.warehouse.models.base import Base, server_now


class PurchaseOrder(Base):
    """A purchase order to a supplier, in whole bundles of house products."""

    __tablename__ = "purchase_orders"
    id: Mapped[UUID] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(Text, unique=True)
    supplier_id: Mapped[UUID]
    location_id: Mapped[UUID] = mapped_column(ForeignKey("locations.id"))
    status: Mapped[str] = mapped_column(Text, default="draft")
    source: Mapped[str] = mapped_column(Text, default="manual")
    proposal_key: Mapped[str | None] = mapped_column(Text, unique=True)
    total_cost: Mapped[int] = mapped_column(BigInteger)
    expected_date: Mapped[date] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[UUID | None]
    created_at: Mapped[datetime] = server_now()
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    approved_by: Mapped[UUID | None]
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # the supplier's standing when the PO was drafted; an admin's override of a very poor one
    supplier_standing: Mapped[str | None] = mapped_column(Text)
    standing_override_by: Mapped[UUID | None]
    standing_override_reason: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint(
            "status IN ('draft', 'pending_approval', 'approved', 'sent_to_supplier', "
            "'partially_received', 'received', 'cancelled')",
            name="status",
        ),
        CheckConstraint("total_cost >= 0", name="total_cost"),
    )


class PurchaseOrderLine(Base):
    """One variant of a PO: whole bundles of its product, and what has arrived so far."""

    __tablename__ = "purchase_order_lines"
    po_id: Mapped[UUID] = mapped_column(
        ForeignKey("purchase_orders.id", ondelete="CASCADE"), primary_key=True
    )
    variant_id: Mapped[UUID] = mapped_column(ForeignKey("variants.id"), primary_key=True)
    product_id: Mapped[UUID]
    sku: Mapped[str] = mapped_column(Text)
    bundles: Mapped[int]
    units_ordered: Mapped[int]
    unit_cost: Mapped[int] = mapped_column(BigInteger)
    units_received: Mapped[int] = mapped_column(Integer, default=0)
    units_damaged: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (
        CheckConstraint("bundles >= 1 AND units_ordered >= 1", name="ordered"),
        CheckConstraint("units_damaged >= 0 AND units_damaged <= units_received", name="received"),
    )


class PurchaseOrderReceipt(Base):
    """One delivery against a PO, with its per-line figures (kept for supplier performance)."""

    __tablename__ = "purchase_order_receipts"
    id: Mapped[UUID] = mapped_column(primary_key=True)
    po_id: Mapped[UUID] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    received_by: Mapped[UUID | None]
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
