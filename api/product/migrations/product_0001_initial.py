"""product: categories, products (with the search vector), variants, images, brand read models.

Revision ID: product_0001
Revises:
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

from api.kit.tables import drop_kit_tables, install_kit_tables
from api.product.models import SEARCH_VECTOR_SQL, UNCATEGORIZED_ID

revision = "product_0001"
down_revision = None
branch_labels = ("product",)
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    install_kit_tables(op.get_bind())
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    categories = op.create_table(
        "categories",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("slug", sa.Text, nullable=False, unique=True),
        sa.Column("parent_id", sa.Uuid, sa.ForeignKey("categories.id")),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_categories_parent", "categories", ["parent_id"])
    op.create_table(
        "products",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("slug", sa.Text, nullable=False, unique=True),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("category_id", sa.Uuid, sa.ForeignKey("categories.id"), nullable=False),
        sa.Column("category_name", sa.Text, nullable=False, server_default=""),
        sa.Column("brand_names", sa.Text, nullable=False, server_default=""),
        sa.Column("seller_id", sa.Uuid),
        sa.Column("status", sa.Text, nullable=False, server_default="draft"),
        sa.Column("min_price", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("max_price", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("created_by", sa.Uuid, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("deleted_at", TS),
        sa.Column("search_vector", TSVECTOR, sa.Computed(SEARCH_VECTOR_SQL, persisted=True)),
        sa.CheckConstraint(
            "status IN ('draft', 'active', 'inactive', 'discontinued')", name="ck_products_status"
        ),
    )
    op.create_index("ix_products_search", "products", ["search_vector"], postgresql_using="gin")
    op.create_index(
        "ix_products_name_trgm",
        "products",
        ["name"],
        postgresql_using="gin",
        postgresql_ops={"name": "gin_trgm_ops"},
    )
    op.create_index("ix_products_category", "products", ["category_id"])
    op.create_index("ix_products_seller", "products", ["seller_id"])
    op.create_index("ix_products_listing", "products", ["status", "created_at"])
    op.create_index("ix_products_price", "products", ["status", "min_price"])
    op.create_table(
        "variants",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column(
            "product_id",
            sa.Uuid,
            sa.ForeignKey("products.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("sku", sa.Text, nullable=False, unique=True),
        sa.Column("size", sa.Text),
        sa.Column("color", sa.Text),
        sa.Column("weight_grams", sa.Integer, nullable=False),
        sa.Column("price", sa.BigInteger, nullable=False),
        sa.Column("cost_price", sa.BigInteger),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("available", sa.Integer),
        sa.Column("max_orderable", sa.Integer),
        sa.Column("locked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("low_stock", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("out_of_stock", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("availability_at", TS),
        sa.UniqueConstraint(
            "product_id",
            "size",
            "color",
            name="uq_variants_product_size_color",
            postgresql_nulls_not_distinct=True,
        ),
        sa.CheckConstraint("price >= 0 AND coalesce(cost_price, 0) >= 0", name="ck_variants_money"),
        sa.CheckConstraint("weight_grams >= 0", name="ck_variants_weight"),
    )
    op.create_index("ix_variants_product", "variants", ["product_id"])
    op.create_table(
        "product_images",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column(
            "product_id",
            sa.Uuid,
            sa.ForeignKey("products.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("storage_key", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("content_type", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_product_images_product", "product_images", ["product_id"])
    # filled from brand.product_assigned events: the product service learns brands as they curate
    op.create_table(
        "brands",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("code", sa.Text, nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
    )
    op.create_table(
        "brand_offers",
        sa.Column("brand_id", sa.Uuid, primary_key=True),
        sa.Column(
            "variant_id",
            sa.Uuid,
            sa.ForeignKey("variants.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "product_id",
            sa.Uuid,
            sa.ForeignKey("products.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("brand_code", sa.Text, nullable=False),
        sa.Column("price", sa.BigInteger, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_brand_offers_product", "brand_offers", ["product_id"])
    op.create_index("ix_brand_offers_brand", "brand_offers", ["brand_id", "product_id"])
    op.bulk_insert(
        categories,
        [
            {
                "id": UNCATEGORIZED_ID,
                "name": "Lainnya",
                "slug": "lainnya",
                "parent_id": None,
                "created_at": datetime.now(UTC),
            }
        ],
    )


def downgrade() -> None:
    for table in ("brand_offers", "brands", "product_images", "variants", "products", "categories"):
        op.drop_table(table)
    drop_kit_tables(op.get_bind())
