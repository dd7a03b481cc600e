"""Warehouse: purchase orders, their lines and receipts, and their numbers.

Revision ID: warehouse_0002
Revises: warehouse_0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "warehouse_0002"
down_revision = "warehouse_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "purchase_orders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Text(), nullable=False),
        sa.Column("supplier_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("proposal_key", sa.Text(), nullable=True),
        sa.Column("total_cost", sa.BigInteger(), nullable=False),
        sa.Column("expected_date", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by", sa.Uuid(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('draft', 'pending_approval', 'approved', 'sent_to_supplier', "
            "'partially_received', 'received', 'cancelled')",
            name=op.f("ck_purchase_orders_status"),
        ),
        sa.CheckConstraint("total_cost >= 0", name=op.f("ck_purchase_orders_total_cost")),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_purchase_orders_location_id_locations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_orders")),
        sa.UniqueConstraint("number", name=op.f("uq_purchase_orders_number")),
        sa.UniqueConstraint("proposal_key", name=op.f("uq_purchase_orders_proposal_key")),
    )
    op.create_table(
        "purchase_order_lines",
        sa.Column("po_id", sa.Uuid(), nullable=False),
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("sku", sa.Text(), nullable=False),
        sa.Column("bundles", sa.Integer(), nullable=False),
        sa.Column("units_ordered", sa.Integer(), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.Column("units_received", sa.Integer(), nullable=False),
        sa.Column("units_damaged", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "bundles >= 1 AND units_ordered >= 1", name=op.f("ck_purchase_order_lines_ordered")
        ),
        sa.CheckConstraint(
            "units_damaged >= 0 AND units_damaged <= units_received",
            name=op.f("ck_purchase_order_lines_received"),
        ),
        sa.ForeignKeyConstraint(
            ["po_id"],
            ["purchase_orders.id"],
            name=op.f("fk_purchase_order_lines_po_id_purchase_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["variant_id"],
            ["variants.id"],
            name=op.f("fk_purchase_order_lines_variant_id_variants"),
        ),
        sa.PrimaryKeyConstraint("po_id", "variant_id", name=op.f("pk_purchase_order_lines")),
    )
    op.create_table(
        "purchase_order_receipts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("po_id", sa.Uuid(), nullable=False),
        sa.Column("lines", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("received_by", sa.Uuid(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["po_id"],
            ["purchase_orders.id"],
            name=op.f("fk_purchase_order_receipts_po_id_purchase_orders"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_order_receipts")),
    )
    op.create_index(
        op.f("ix_purchase_order_receipts_po_id"), "purchase_order_receipts", ["po_id"], unique=False
    )
    op.execute("CREATE SEQUENCE po_number_seq")


def downgrade() -> None:
    op.drop_table("purchase_order_receipts")
    op.drop_table("purchase_order_lines")
    op.drop_table("purchase_orders")
    op.execute("DROP SEQUENCE IF EXISTS po_number_seq")
