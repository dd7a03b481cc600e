"""Review: verified purchases, reviews with photos, votes, reports and replies, rating
summaries of products and sellers; kit tables.

Revision ID: review_0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

from api.kit.tables import drop_kit_tables, install_kit_tables

revision = "review_0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _review_fk() -> sa.Column[sa.Uuid]:
    return sa.Column(
        "review_id", sa.Uuid(), sa.ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    install_kit_tables(op.get_bind())
    op.create_table(
        "purchases",
        sa.Column("order_item_id", sa.Uuid(), primary_key=True),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid()),
        sa.Column("brand_id", sa.Uuid()),
        sa.Column("product_name", sa.Text(), nullable=False),
        sa.Column("sku", sa.Text(), nullable=False),
        sa.Column("size", sa.Text()),
        sa.Column("color", sa.Text()),
        sa.Column("ordered_at", TS, nullable=False),
        sa.Column("delivered_at", TS),
        sa.Column("reviewable_until", TS),
    )
    op.create_index("ix_purchases_order_id", "purchases", ["order_id"])
    op.create_index("ix_purchases_user_delivered", "purchases", ["user_id", "delivered_at"])
    op.create_table(
        "rating_summaries",
        sa.Column("subject_type", sa.Text(), primary_key=True),
        sa.Column("subject_id", sa.Uuid(), primary_key=True),
        *(sa.Column(f"stars_{n}", sa.Integer(), nullable=False) for n in range(1, 6)),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint("subject_type IN ('product', 'seller')", name="subject_type"),
        sa.CheckConstraint(
            " AND ".join(f"stars_{n} >= 0" for n in range(1, 6)), name="counts_non_negative"
        ),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "order_item_id",
            sa.Uuid(),
            sa.ForeignKey("purchases.order_item_id"),
            nullable=False,
            unique=True,
        ),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid()),
        sa.Column("brand_id", sa.Uuid()),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.Column("text", sa.Text()),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("moderation_reasons", ARRAY(sa.Text()), nullable=False),
        sa.Column("report_count", sa.Integer(), nullable=False),
        sa.Column("helpful_count", sa.Integer(), nullable=False),
        sa.Column("unhelpful_count", sa.Integer(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("approved_at", TS),
        sa.Column("moderated_by", sa.Uuid()),
        sa.Column("moderated_at", TS),
        sa.Column("moderation_note", sa.Text()),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),
        sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="status"),
    )
    op.create_index("ix_reviews_user_id", "reviews", ["user_id"])
    op.create_index(
        "ix_reviews_product_approved",
        "reviews",
        ["product_id", "approved_at"],
        postgresql_where=sa.text("status = 'approved'"),
    )
    op.create_index(
        "ix_reviews_moderation",
        "reviews",
        ["created_at"],
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_table(
        "review_images",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("review_id", sa.Uuid(), sa.ForeignKey("reviews.id", ondelete="CASCADE")),
        sa.Column("storage_key", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("content_type", sa.Text(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_review_images_user_id", "review_images", ["user_id"])
    op.create_table(
        "review_replies",
        sa.Column(
            "review_id",
            sa.Uuid(),
            sa.ForeignKey("reviews.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("author_kind", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint("author_kind IN ('seller', 'brand')", name="author_kind"),
    )
    op.create_table(
        "review_reports",
        _review_fk(),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("review_id", "user_id"),
    )
    op.create_table(
        "review_votes",
        _review_fk(),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("review_id", "user_id"),
    )


def downgrade() -> None:
    for table in (
        "review_votes",
        "review_reports",
        "review_replies",
        "review_images",
        "reviews",
        "rating_summaries",
        "purchases",
    ):
        op.drop_table(table)
    drop_kit_tables(op.get_bind())
