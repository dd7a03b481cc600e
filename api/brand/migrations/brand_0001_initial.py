"""brand: the 15 house brands (seeded), known variants, brand products, collections, curation.

Revision ID: brand_0001
Revises:
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

from api.brand.house_brands import HOUSE_BRANDS
from api.kit.tables import drop_kit_tables, install_kit_tables

revision = "brand_0001"
down_revision = None
branch_labels = ("brand",)
depends_on = None

TS = sa.DateTime(timezone=True)
MARGIN = sa.Numeric(5, 4)


def upgrade() -> None:
    install_kit_tables(op.get_bind())
    brands = op.create_table(
        "brands",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("code", sa.Text, nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("slug", sa.Text, nullable=False, unique=True),
        sa.Column("positioning", sa.Text, nullable=False),
        sa.Column("target_audience", sa.Text, nullable=False),
        sa.Column("default_margin", MARGIN, nullable=False, server_default="0.5"),
        sa.Column("min_margin", MARGIN, nullable=False, server_default="0.3"),
        sa.Column("manager_user_id", sa.Uuid),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint(
            "min_margin >= 0 AND default_margin >= min_margin", name="ck_brands_margins"
        ),
    )
    op.create_table(
        "variants",
        sa.Column("variant_id", sa.Uuid, primary_key=True),
        sa.Column("product_id", sa.Uuid, nullable=False),
        sa.Column("seller_id", sa.Uuid),
        sa.Column("sku", sa.Text, nullable=False),
        sa.Column("product_name", sa.Text, nullable=False),
        sa.Column("base_price", sa.BigInteger, nullable=False),
        sa.Column("cost_price", sa.BigInteger),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_variants_product", "variants", ["product_id"])
    op.create_table(
        "brand_products",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("brand_id", sa.Uuid, sa.ForeignKey("brands.id"), nullable=False),
        sa.Column("variant_id", sa.Uuid, nullable=False),
        sa.Column("product_id", sa.Uuid, nullable=False),
        sa.Column("price", sa.BigInteger, nullable=False),
        sa.Column("cost", sa.BigInteger, nullable=False),
        sa.Column("is_featured", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("is_new_arrival", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("is_on_sale", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("assigned_by", sa.Uuid, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.UniqueConstraint("brand_id", "variant_id"),
        sa.CheckConstraint("price > 0 AND cost >= 0", name="ck_brand_products_money"),
    )
    op.create_index("ix_brand_products_variant", "brand_products", ["variant_id"])
    op.create_table(
        "collections",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("brand_id", sa.Uuid, sa.ForeignKey("brands.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("slug", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("created_by", sa.Uuid, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("brand_id", "slug"),
    )
    op.create_table(
        "collection_items",
        sa.Column(
            "collection_id",
            sa.Uuid,
            sa.ForeignKey("collections.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "brand_product_id",
            sa.Uuid,
            sa.ForeignKey("brand_products.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "curation_queue",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("product_id", sa.Uuid, nullable=False, unique=True),
        sa.Column("product_name", sa.Text, nullable=False),
        sa.Column("category_id", sa.Uuid, nullable=False),
        sa.Column("variant_count", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False, server_default="pending"),
        sa.Column("source_event_id", sa.Uuid, nullable=False),
        sa.Column("received_at", TS, nullable=False),
        sa.Column("resolved_at", TS),
        sa.CheckConstraint(
            "status IN ('pending', 'curated', 'dismissed')", name="ck_curation_status"
        ),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        brands,
        [
            {
                "id": b.id,
                "code": b.code,
                "name": b.name,
                "slug": b.slug,
                "positioning": b.positioning,
                "target_audience": b.target_audience,
                "default_margin": Decimal("0.5"),
                "min_margin": Decimal("0.3"),
                "manager_user_id": None,
                "created_at": now,
            }
            for b in HOUSE_BRANDS
        ],
    )


def downgrade() -> None:
    for table in (
        "curation_queue",
        "collection_items",
        "collections",
        "brand_products",
        "variants",
        "brands",
    ):
        op.drop_table(table)
    drop_kit_tables(op.get_bind())
