"""warehouse: suppliers and their catalogues learnt from events; standing overrides on POs.

Revision ID: warehouse_0004
Revises: warehouse_0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "warehouse_0004"
down_revision = "warehouse_0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "suppliers",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("whatsapp", sa.Text()),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("standing", sa.Text(), nullable=False),
        sa.Column("score", sa.Numeric(5, 4)),
        sa.Column("stars", sa.Integer()),
        sa.Column("version", TS, nullable=False),
        sa.Column("standing_version", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_suppliers"),
    )
    op.create_table(
        "supplier_offers",
        sa.Column("supplier_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.Column("bundle_cost", sa.BigInteger(), nullable=False),
        sa.Column("units_per_bundle", postgresql.JSONB(), nullable=False),
        sa.Column("min_bundles", sa.Integer(), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["suppliers.id"],
            ondelete="CASCADE",
            name="fk_supplier_offers_supplier_id_suppliers",
        ),
        sa.PrimaryKeyConstraint("supplier_id", "product_id", name="pk_supplier_offers"),
        sa.CheckConstraint(
            "unit_cost >= 1 AND min_bundles >= 1 AND lead_time_days >= 1",
            name="ck_supplier_offers_terms",
        ),
    )
    op.create_index("ix_supplier_offers_product_id", "supplier_offers", ["product_id"])
    op.add_column("purchase_orders", sa.Column("supplier_standing", sa.Text()))
    op.add_column("purchase_orders", sa.Column("standing_override_by", sa.Uuid()))
    op.add_column("purchase_orders", sa.Column("standing_override_reason", sa.Text()))


def downgrade() -> None:
    for column in ("standing_override_reason", "standing_override_by", "supplier_standing"):
        op.drop_column("purchase_orders", column)
    op.drop_table("supplier_offers")
    op.drop_table("suppliers")
