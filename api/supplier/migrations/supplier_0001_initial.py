"""supplier: suppliers, known house variants, catalogue offers and their bundle shapes,
performance periods; kit tables.

Revision ID: supplier_0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from api.kit.tables import drop_kit_tables, install_kit_tables

revision = "supplier_0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
RATE = sa.Numeric(5, 4)
DAYS = sa.Numeric(8, 2)


def upgrade() -> None:
    install_kit_tables(op.get_bind())
    op.create_table(
        "suppliers",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("contact_name", sa.Text()),
        sa.Column("whatsapp", sa.Text()),
        sa.Column("email", sa.Text()),
        sa.Column("payment_terms_days", sa.Integer(), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("standing", sa.Text(), nullable=False, server_default="unrated"),
        sa.Column("score", RATE),
        sa.Column("stars", sa.Integer()),
        sa.Column("scored_through", sa.Date()),
        sa.Column("scored_at", TS),
        sa.Column("created_by", sa.Uuid()),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.UniqueConstraint("code", name="uq_suppliers_code"),
        sa.CheckConstraint(
            "type IN ('factory', 'wholesaler', 'distributor')", name="ck_suppliers_type"
        ),
        sa.CheckConstraint(
            "status IN ('active', 'inactive', 'blocked')", name="ck_suppliers_status"
        ),
        sa.CheckConstraint(
            "standing IN ('excellent', 'average', 'poor', 'very_poor', 'unrated')",
            name="ck_suppliers_standing",
        ),
        sa.CheckConstraint(
            "payment_terms_days >= 0 AND lead_time_days >= 1", name="ck_suppliers_terms"
        ),
    )
    op.create_table(
        "variants",
        sa.Column("variant_id", sa.Uuid(), primary_key=True),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid()),
        sa.Column("sku", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("version", TS, nullable=False),
    )
    op.create_index("ix_variants_product_id", "variants", ["product_id"])
    op.create_table(
        "catalogue_entries",
        sa.Column(
            "supplier_id",
            sa.Uuid(),
            sa.ForeignKey("suppliers.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("product_id", sa.Uuid(), primary_key=True),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.Column("min_bundles", sa.Integer(), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.Uuid()),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint("unit_cost >= 1", name="ck_catalogue_entries_unit_cost"),
        sa.CheckConstraint("min_bundles >= 1", name="ck_catalogue_entries_min_bundles"),
        sa.CheckConstraint("lead_time_days >= 1", name="ck_catalogue_entries_lead_time"),
    )
    op.create_index("ix_catalogue_entries_product_id", "catalogue_entries", ["product_id"])
    op.create_table(
        "catalogue_items",
        sa.Column("supplier_id", sa.Uuid(), primary_key=True),
        sa.Column("product_id", sa.Uuid(), primary_key=True),
        sa.Column("variant_id", sa.Uuid(), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["supplier_id", "product_id"],
            ["catalogue_entries.supplier_id", "catalogue_entries.product_id"],
            ondelete="CASCADE",
            name="fk_catalogue_items_entry",
        ),
        sa.CheckConstraint("units >= 1", name="ck_catalogue_items_units"),
    )
    op.create_table(
        "performance_periods",
        sa.Column(
            "supplier_id",
            sa.Uuid(),
            sa.ForeignKey("suppliers.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("scoring_window", sa.Text(), primary_key=True),
        sa.Column("period_start", sa.Date(), primary_key=True),
        sa.Column("period_end", sa.Date(), primary_key=True),
        sa.Column("po_count", sa.Integer(), nullable=False),
        sa.Column("on_time_rate", RATE, nullable=False),
        sa.Column("fill_rate", RATE, nullable=False),
        sa.Column("quality_rate", RATE, nullable=False),
        sa.Column("avg_lead_time_days", DAYS, nullable=False),
        sa.Column("promised_lead_time_days", DAYS, nullable=False),
        sa.Column("score", RATE, nullable=False),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("computed_at", TS, nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
        sa.CheckConstraint(
            "scoring_window IN ('monthly', 'rolling_90d')", name="ck_performance_periods_window"
        ),
        sa.CheckConstraint("po_count >= 1", name="ck_performance_periods_po_count"),
        sa.CheckConstraint(
            "on_time_rate BETWEEN 0 AND 1 AND fill_rate BETWEEN 0 AND 1 "
            "AND quality_rate BETWEEN 0 AND 1 AND score BETWEEN 0 AND 1",
            name="ck_performance_periods_rates",
        ),
        sa.CheckConstraint("stars BETWEEN 1 AND 5", name="ck_performance_periods_stars"),
        sa.CheckConstraint("period_end >= period_start", name="ck_performance_periods_period"),
    )


def downgrade() -> None:
    for table in (
        "performance_periods",
        "catalogue_items",
        "catalogue_entries",
        "variants",
        "suppliers",
    ):
        op.drop_table(table)
    drop_kit_tables(op.get_bind())
