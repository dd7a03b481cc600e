"""seller: shops, documents, commission history, bank accounts, payouts, auto-payouts and the
dashboard's read models (+ the kit's outbox and inbox).

Revision ID: seller_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from api.kit.tables import drop_kit_tables, install_kit_tables

revision = "seller_0001"
down_revision = None
branch_labels = ("seller",)
depends_on = None

TS = sa.DateTime(timezone=True)
NOW = sa.text("now()")


def _text(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=nullable)


def _shop_tables() -> None:
    op.create_table(
        "sellers",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("number", sa.Text(), nullable=False, unique=True),
        _text("shop_name"),
        sa.Column("shop_slug", sa.Text(), nullable=False, unique=True),
        _text("business_type"),
        _text("legal_name"),
        _text("status"),
        _text("status_reason", nullable=True),
        sa.Column("commission_rate_bps", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("auto_payout", sa.Boolean(), nullable=False, server_default=sa.true()),
        *(
            _text(f"pickup_{name}")
            for name in (
                "recipient_name",
                "phone",
                "street",
                "village_code",
                "village",
                "district",
                "city",
                "province",
                "postal_code",
            )
        ),
        sa.Column("applied_at", TS, nullable=False),
        sa.Column("verified_at", TS, nullable=True),
        sa.Column("verified_by", sa.Uuid(), nullable=True),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'active', 'rejected', 'suspended')", name="ck_sellers_status"
        ),
        sa.CheckConstraint(
            "business_type IN ('individual', 'company')", name="ck_sellers_business_type"
        ),
        sa.CheckConstraint(
            "commission_rate_bps BETWEEN 0 AND 10000", name="ck_sellers_commission_rate"
        ),
    )
    op.create_table(
        "seller_documents",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("seller_id", sa.Uuid(), sa.ForeignKey("sellers.id"), nullable=False),
        _text("kind"),
        _text("storage_key"),
        _text("content_type"),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        _text("sha256"),
        sa.Column("uploaded_at", TS, nullable=False),
        sa.CheckConstraint("kind IN ('ktp', 'nib', 'npwp')", name="ck_seller_documents_kind"),
    )
    op.create_index("ix_seller_documents_seller_id", "seller_documents", ["seller_id"])
    op.create_table(
        "commission_rates",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("seller_id", sa.Uuid(), sa.ForeignKey("sellers.id"), nullable=False),
        sa.Column("rate_bps", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("changed_by", sa.Uuid(), nullable=False),
        sa.Column("changed_at", TS, nullable=False),
    )
    op.create_index("ix_commission_rates_seller_id", "commission_rates", ["seller_id"])
    op.create_table(
        "bank_accounts",
        sa.Column("seller_id", sa.Uuid(), sa.ForeignKey("sellers.id"), primary_key=True),
        _text("bank_code"),
        _text("account_number_last4"),
        _text("account_holder_name"),
        sa.Column("withdrawals_blocked_until", TS, nullable=True),
        sa.Column("validated_at", TS, nullable=False),
    )


def _money_tables() -> None:
    op.create_table(
        "payouts",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("settlement_id", sa.Uuid(), nullable=False, unique=True),
        _text("settlement_number"),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("gross", sa.BigInteger(), nullable=False),
        sa.Column("net", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("carried_over_out", sa.BigInteger(), nullable=False),
        sa.Column("scheduled_for", sa.Date(), nullable=True),
        sa.Column("recorded_at", TS, nullable=False),
        sa.CheckConstraint("amount >= 0", name="ck_payouts_amount"),
    )
    op.create_index("ix_payouts_seller_id", "payouts", ["seller_id"])
    op.create_table(
        "auto_payouts",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        _text("status"),
        sa.Column("withdrawal_id", sa.Uuid(), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False, server_default="0"),
        _text("detail", nullable=True),
        sa.Column("ran_at", TS, nullable=False),
        sa.UniqueConstraint("seller_id", "week_start"),
    )


def _read_models() -> None:
    op.create_table(
        "seller_orders",
        sa.Column("order_id", sa.Uuid(), primary_key=True),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        _text("status"),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("placed_at", TS, nullable=False),
        sa.Column("paid_at", TS, nullable=True),
        sa.Column("updated_at", TS, server_default=NOW, nullable=False),
    )
    op.create_index("ix_seller_orders_seller_status", "seller_orders", ["seller_id", "status"])
    op.create_table(
        "seller_ratings",
        sa.Column("review_id", sa.Uuid(), primary_key=True),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("approved_at", TS, nullable=False),
    )
    op.create_index("ix_seller_ratings_seller_id", "seller_ratings", ["seller_id"])
    op.create_table(
        "seller_ad_spend",
        sa.Column("transaction_id", sa.Uuid(), primary_key=True),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("occurred_at", TS, nullable=False),
    )
    op.create_index("ix_seller_ad_spend_seller_id", "seller_ad_spend", ["seller_id"])


def upgrade() -> None:
    install_kit_tables(op.get_bind())
    op.execute(sa.schema.CreateSequence(sa.Sequence("seller_number_seq")))
    _shop_tables()
    _money_tables()
    _read_models()


def downgrade() -> None:
    for table in (
        "seller_ad_spend",
        "seller_ratings",
        "seller_orders",
        "auto_payouts",
        "payouts",
        "bank_accounts",
        "commission_rates",
        "seller_documents",
        "sellers",
    ):
        op.drop_table(table)
    op.execute(sa.schema.DropSequence(sa.Sequence("seller_number_seq")))
    drop_kit_tables(op.get_bind())
