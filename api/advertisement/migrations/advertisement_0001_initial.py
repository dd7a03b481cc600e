"""advertisement: campaigns with their counters and search document, impressions, clicks, daily
charges, the seller and product read models (+ the kit's outbox and inbox).

Revision ID: advertisement_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from api.kit.tables import drop_kit_tables, install_kit_tables

revision = "advertisement_0001"
down_revision = None
branch_labels = ("advertisement",)
depends_on = None

TS = sa.DateTime(timezone=True)
NOW = sa.text("now()")
SEARCH_VECTOR_SQL = (
    "to_tsvector('simple'::regconfig, coalesce(search_text, ''))"
    " || to_tsvector('indonesian'::regconfig, coalesce(search_text, ''))"
    " || to_tsvector('english'::regconfig, coalesce(search_text, ''))"
)


def _campaigns() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("pricing_model", sa.Text(), nullable=False),
        sa.Column("bid", sa.BigInteger(), nullable=False),
        sa.Column("daily_budget", sa.BigInteger(), nullable=False),
        sa.Column("total_budget", sa.BigInteger(), nullable=False),
        sa.Column("starts_at", TS, nullable=False),
        sa.Column("ends_at", TS, nullable=True),
        sa.Column("keywords", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("product_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column(
            "search_vector", postgresql.TSVECTOR(), sa.Computed(SEARCH_VECTOR_SQL, persisted=True)
        ),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("impressions", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("clicks", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("spent_total", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("spent_today", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("spend_date", sa.Date(), nullable=True),
        sa.Column("charged_total", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("created_at", TS, server_default=NOW, nullable=False),
        sa.Column("updated_at", TS, server_default=NOW, nullable=False),
        sa.CheckConstraint(
            "type IN ('sponsored_search', 'product_boost', 'category_featured', 'homepage_banner')",
            name="ck_campaigns_type",
        ),
        sa.CheckConstraint("pricing_model IN ('cpc', 'cpm')", name="ck_campaigns_pricing"),
        sa.CheckConstraint(
            "status IN ('draft', 'pending_review', 'active', 'paused', 'completed', 'exhausted',"
            " 'rejected')",
            name="ck_campaigns_status",
        ),
        sa.CheckConstraint("daily_budget <= total_budget", name="ck_campaigns_budgets"),
        # the budget check of a billable click, enforced by the database as well
        sa.CheckConstraint("spent_total <= total_budget", name="ck_campaigns_total_spend"),
        sa.CheckConstraint("spent_today <= daily_budget", name="ck_campaigns_daily_spend"),
    )
    op.create_index("ix_campaigns_seller", "campaigns", ["seller_id", "created_at"])
    op.create_index("ix_campaigns_search", "campaigns", ["search_vector"], postgresql_using="gin")
    op.create_index("ix_campaigns_serving", "campaigns", ["type", "status"])


def _serving() -> None:
    op.create_table(
        "impressions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=True),
        sa.Column("placement", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("pricing_model", sa.Text(), nullable=False),
        sa.Column("bid", sa.BigInteger(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("session_id", sa.Text(), nullable=True),
        sa.Column("query", sa.Text(), nullable=True),
        sa.Column("served_at", TS, nullable=False),
    )
    op.create_table(
        "clicks",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("impression_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("session_id", sa.Text(), nullable=True),
        sa.Column("ip", sa.Text(), nullable=True),
        sa.Column("billable", sa.Boolean(), nullable=False),
        sa.Column("flag_reason", sa.Text(), nullable=True),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("clicked_at", TS, nullable=False),
    )
    op.create_index("ix_clicks_campaign_time", "clicks", ["campaign_id", "clicked_at"])
    op.create_index("ix_clicks_ip_time", "clicks", ["ip", "clicked_at"])


def _billing_and_read_models() -> None:
    op.create_table(
        "charges",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("charge_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("computed_amount", sa.BigInteger(), nullable=False),
        sa.Column("capped_by", sa.Text(), nullable=False),
        sa.Column("billable_clicks", sa.BigInteger(), nullable=False),
        sa.Column("impressions", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("wallet_transaction_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("charged_at", TS, nullable=True),
        sa.UniqueConstraint("campaign_id", "charge_date"),
        sa.CheckConstraint("status IN ('charged', 'outstanding')", name="ck_charges_status"),
    )
    op.create_index(
        "ix_charges_outstanding",
        "charges",
        ["seller_id"],
        postgresql_where=sa.text("status = 'outstanding'"),
    )
    op.create_table(
        "sellers",
        sa.Column("seller_id", sa.Uuid(), primary_key=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "products",
        sa.Column("product_id", sa.Uuid(), primary_key=True),
        sa.Column("seller_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )


def upgrade() -> None:
    install_kit_tables(op.get_bind())
    _campaigns()
    _serving()
    _billing_and_read_models()


def downgrade() -> None:
    for table in ("products", "sellers", "charges", "clicks", "impressions", "campaigns"):
        op.drop_table(table)
    drop_kit_tables(op.get_bind())
