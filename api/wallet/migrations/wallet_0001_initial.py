"""wallet: wallets, accounts, the ledger (transactions, postings), holds, payout accounts,
withdrawals, the provider log, read models from other services' events, the daily
reconciliation (+ the kit's outbox and inbox). The ledger's rules follow in wallet_0002.

Revision ID: wallet_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from api.kit.tables import drop_kit_tables, install_kit_tables

revision = "wallet_0001"
down_revision = None
branch_labels = ("wallet",)
depends_on = None

TS = sa.DateTime(timezone=True)
NOW = sa.text("now()")


def _ledger_tables() -> None:
    op.create_table(
        "wallets",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("owner_type", sa.Text(), nullable=False),
        sa.Column("created_at", TS, server_default=NOW, nullable=False),
        sa.UniqueConstraint("user_id", "owner_type"),
        sa.CheckConstraint("owner_type IN ('buyer', 'seller')", name="ck_wallets_owner_type"),
    )
    op.create_table(
        "accounts",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("code", sa.Text(), nullable=False, unique=True),
        sa.Column("wallet_id", sa.Uuid(), sa.ForeignKey("wallets.id"), nullable=True),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("balance", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("updated_at", TS, server_default=NOW, nullable=False),
        sa.UniqueConstraint("wallet_id", "kind"),
    )
    op.create_table(
        "transactions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("number", sa.Text(), nullable=False, unique=True),
        sa.Column("idempotency_key", sa.Text(), nullable=False, unique=True),
        sa.Column("request_hash", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("wallet_id", sa.Uuid(), sa.ForeignKey("wallets.id"), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("held_change", sa.BigInteger(), nullable=False),
        sa.Column("balance_after", sa.BigInteger(), nullable=False),
        sa.Column("available_after", sa.BigInteger(), nullable=False),
        sa.Column("withdrawable_after", sa.BigInteger(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("reference_type", sa.Text(), nullable=False),
        sa.Column("reference_id", sa.Text(), nullable=False),
        sa.Column("hold_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("details", postgresql.JSONB(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint(
            "type IN ('credit', 'debit', 'hold', 'release')", name="ck_transactions_type"
        ),
    )
    op.create_index("ix_transactions_wallet", "transactions", ["wallet_id", "created_at"])
    op.create_index(
        "ix_transactions_created_by",
        "transactions",
        ["created_by"],
        postgresql_where=sa.text("created_by IS NOT NULL"),
    )
    op.create_table(
        "postings",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=True),
        sa.Column("transaction_id", sa.Uuid(), sa.ForeignKey("transactions.id"), nullable=False),
        sa.Column("account_id", sa.Uuid(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("balance_after", sa.BigInteger(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint("amount <> 0", name="ck_postings_amount_not_zero"),
    )
    op.create_index("ix_postings_transaction_id", "postings", ["transaction_id"])
    op.create_index("ix_postings_account", "postings", ["account_id", "id"])
    op.create_table(
        "holds",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("wallet_id", sa.Uuid(), sa.ForeignKey("wallets.id"), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("promotional_amount", sa.BigInteger(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), server_default="active", nullable=False),
        sa.Column("captured_amount", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("reference_type", sa.Text(), nullable=False),
        sa.Column("reference_id", sa.Text(), nullable=False),
        sa.Column("expires_at", TS, nullable=True),
        sa.Column(
            "hold_transaction_id", sa.Uuid(), sa.ForeignKey("transactions.id"), nullable=False
        ),
        sa.Column(
            "settle_transaction_id", sa.Uuid(), sa.ForeignKey("transactions.id"), nullable=True
        ),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("settled_at", TS, nullable=True),
        sa.CheckConstraint("amount > 0", name="ck_holds_amount"),
        sa.CheckConstraint(
            "promotional_amount BETWEEN 0 AND amount", name="ck_holds_promotional_amount"
        ),
        sa.CheckConstraint("captured_amount BETWEEN 0 AND amount", name="ck_holds_captured"),
        sa.CheckConstraint(
            "status IN ('active', 'captured', 'voided', 'expired')", name="ck_holds_status"
        ),
        sa.CheckConstraint("purpose IN ('checkout', 'withdrawal')", name="ck_holds_purpose"),
        sa.CheckConstraint(
            "(status = 'active') = (settle_transaction_id IS NULL)", name="ck_holds_settled"
        ),
    )
    op.create_index("ix_holds_wallet_id", "holds", ["wallet_id"])
    op.create_index(
        "ix_holds_active_expiry",
        "holds",
        ["expires_at"],
        postgresql_where=sa.text("status = 'active'"),
    )


def _payout_tables() -> None:
    op.create_table(
        "payout_accounts",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("owner_type", sa.Text(), nullable=False),
        sa.Column("bank_code", sa.Text(), nullable=False),
        sa.Column("account_number", sa.Text(), nullable=False),
        sa.Column("submitted_holder_name", sa.Text(), nullable=False),
        sa.Column("expected_name", sa.Text(), nullable=False),
        sa.Column("bank_holder_name", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("provider_reference", sa.Text(), nullable=True),
        sa.Column("usable_from", TS, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("deactivated_at", TS, nullable=True),
        sa.CheckConstraint(
            "status IN ('validated', 'name_mismatch')", name="ck_payout_accounts_status"
        ),
        sa.CheckConstraint(
            "NOT active OR status = 'validated'", name="ck_payout_accounts_active_validated"
        ),
    )
    op.create_index(
        "ux_payout_accounts_one_active",
        "payout_accounts",
        ["user_id", "owner_type"],
        unique=True,
        postgresql_where=sa.text("active"),
    )
    op.create_table(
        "withdrawals",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("number", sa.Text(), nullable=False, unique=True),
        sa.Column("idempotency_key", sa.Text(), nullable=False, unique=True),
        sa.Column("request_hash", sa.Text(), nullable=False),
        sa.Column("wallet_id", sa.Uuid(), sa.ForeignKey("wallets.id"), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("owner_type", sa.Text(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.Text(), server_default="requested", nullable=False),
        sa.Column("hold_id", sa.Uuid(), sa.ForeignKey("holds.id"), nullable=False),
        sa.Column(
            "payout_account_id", sa.Uuid(), sa.ForeignKey("payout_accounts.id"), nullable=False
        ),
        sa.Column("bank_code", sa.Text(), nullable=False),
        sa.Column("account_number", sa.Text(), nullable=False),
        sa.Column("account_holder_name", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("disbursement_id", sa.Text(), nullable=True, unique=True),
        sa.Column("failure_code", sa.Text(), nullable=True),
        sa.Column("failure_reason", sa.Text(), nullable=True),
        sa.Column("requested_at", TS, nullable=False),
        sa.Column("processing_at", TS, nullable=True),
        sa.Column("completed_at", TS, nullable=True),
        sa.Column("failed_at", TS, nullable=True),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint("amount > 0", name="ck_withdrawals_amount"),
        sa.CheckConstraint(
            "status IN ('requested', 'processing', 'completed', 'failed')",
            name="ck_withdrawals_status",
        ),
        sa.CheckConstraint("source IN ('owner', 'auto_payout')", name="ck_withdrawals_source"),
    )
    op.create_index("ix_withdrawals_wallet_id", "withdrawals", ["wallet_id"])
    op.create_index(
        "ix_withdrawals_open",
        "withdrawals",
        ["status", "updated_at"],
        postgresql_where=sa.text("status IN ('requested', 'processing')"),
    )
    op.create_table(
        "provider_logs",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=True),
        sa.Column("direction", sa.Text(), nullable=False),
        sa.Column("operation", sa.Text(), nullable=False),
        sa.Column("withdrawal_id", sa.Uuid(), nullable=True),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("request", postgresql.JSONB(), nullable=True),
        sa.Column("response", postgresql.JSONB(), nullable=True),
        sa.Column("created_at", TS, server_default=NOW, nullable=False),
    )
    op.create_index("ix_provider_logs_withdrawal_id", "provider_logs", ["withdrawal_id"])


def _read_models_and_reconciliation() -> None:
    op.create_table(
        "user_profiles",
        sa.Column("user_id", sa.Uuid(), primary_key=True),
        sa.Column("full_name", sa.Text(), nullable=True),
        sa.Column("verified_at", TS, nullable=True),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "seller_standings",
        sa.Column("user_id", sa.Uuid(), primary_key=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("changed_at", TS, nullable=False),
        sa.CheckConstraint("status IN ('active', 'suspended')", name="ck_seller_standings"),
    )
    op.create_table(
        "reconciliation_runs",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("run_date", sa.Date(), nullable=False, unique=True),
        sa.Column("accounts_checked", sa.Integer(), nullable=False),
        sa.Column("transactions_checked", sa.Integer(), nullable=False),
        sa.Column("postings_sum", sa.BigInteger(), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.Column("completed_at", TS, nullable=False),
    )
    op.create_table(
        "reconciliation_findings",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Uuid(), sa.ForeignKey("reconciliation_runs.id"), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("expected", sa.BigInteger(), nullable=True),
        sa.Column("actual", sa.BigInteger(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_reconciliation_findings_run_id", "reconciliation_findings", ["run_id"])


def upgrade() -> None:
    install_kit_tables(op.get_bind())
    for sequence in ("wallet_transaction_number_seq", "withdrawal_number_seq"):
        op.execute(sa.schema.CreateSequence(sa.Sequence(sequence)))
    _ledger_tables()
    _payout_tables()
    _read_models_and_reconciliation()


def downgrade() -> None:
    for table in (
        "reconciliation_findings",
        "reconciliation_runs",
        "seller_standings",
        "user_profiles",
        "provider_logs",
        "withdrawals",
        "payout_accounts",
        "holds",
        "postings",
        "transactions",
        "accounts",
        "wallets",
    ):
        op.drop_table(table)
    for sequence in ("wallet_transaction_number_seq", "withdrawal_number_seq"):
        op.execute(sa.schema.DropSequence(sa.Sequence(sequence)))
    drop_kit_tables(op.get_bind())
