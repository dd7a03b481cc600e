"""wallet_db tables: wallets and their accounts, the immutable ledger (transactions of balanced
postings), holds, payout accounts, withdrawals, what the wallet learned from other services'
events, and the daily reconciliation. Money is integer rupiah (BIGINT).

The rules finance relies on are enforced by the database itself (migration ``wallet_0002``):
Σ postings = 0 per transaction (a trigger on every insert; a transaction and its legs are
written in one statement), postings and transactions never
change or disappear (triggers), a user account never goes below zero (a CHECK), a settled hold
or a finished withdrawal never changes again (triggers).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    MetaData,
    Sequence,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

metadata = MetaData()

transaction_numbers = Sequence("wallet_transaction_number_seq", metadata=metadata)
withdrawal_numbers = Sequence("withdrawal_number_seq", metadata=metadata)

TS = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = metadata


class Wallet(Base):
    """One per user and owner type (``buyer``, ``seller``); its money lives in its accounts."""

    __tablename__ = "wallets"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    user_id: Mapped[UUID]
    owner_type: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())

    __table_args__ = (UniqueConstraint("user_id", "owner_type"),)


class Account(Base):
    """A ledger account: a wallet's ``available`` (withdrawable), ``promotional`` (spendable,
    never withdrawable) or ``held`` part, or a platform account (``platform:ad_revenue``...).
    ``balance`` caches Σ of the account's postings, updated under the row lock."""

    __tablename__ = "accounts"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(Text, unique=True)
    wallet_id: Mapped[UUID | None] = mapped_column(ForeignKey("wallets.id"))
    kind: Mapped[str] = mapped_column(Text)
    balance: Mapped[int] = mapped_column(BigInteger, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())

    __table_args__ = (UniqueConstraint("wallet_id", "kind"),)


class LedgerTransaction(Base):
    """A balanced set of postings, written once (a mistake is corrected by a new transaction).

    The wallet-facing figures (``amount``: change of the wallet's posted balance, ``held_change``,
    the balances after) are stored with it so a statement never recomputes history."""

    __tablename__ = "transactions"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(Text, unique=True)
    idempotency_key: Mapped[str] = mapped_column(Text, unique=True)
    request_hash: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(Text)  # credit | debit | hold | release
    reason: Mapped[str] = mapped_column(Text)
    wallet_id: Mapped[UUID] = mapped_column(ForeignKey("wallets.id"))
    amount: Mapped[int] = mapped_column(BigInteger)
    held_change: Mapped[int] = mapped_column(BigInteger)
    balance_after: Mapped[int] = mapped_column(BigInteger)
    available_after: Mapped[int] = mapped_column(BigInteger)
    withdrawable_after: Mapped[int] = mapped_column(BigInteger)
    description: Mapped[str | None] = mapped_column(Text)
    reference_type: Mapped[str] = mapped_column(Text)
    reference_id: Mapped[str] = mapped_column(Text)
    hold_id: Mapped[UUID | None]
    created_by: Mapped[UUID | None]
    details: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (
        Index("ix_transactions_wallet", "wallet_id", "created_at"),
        Index(
            "ix_transactions_created_by",
            "created_by",
            postgresql_where=text("created_by IS NOT NULL"),
        ),
    )


class Posting(Base):
    """One leg of a transaction: a signed amount on one account and its balance after."""

    __tablename__ = "postings"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    transaction_id: Mapped[UUID] = mapped_column(ForeignKey("transactions.id"), index=True)
    account_id: Mapped[UUID] = mapped_column(ForeignKey("accounts.id"))
    amount: Mapped[int] = mapped_column(BigInteger)
    balance_after: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (Index("ix_postings_account", "account_id", "id"),)


class Hold(Base):
    """Money set aside in a wallet's held account until captured (fully or partly, the rest
    released), voided or expired — each at most once."""

    __tablename__ = "holds"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    wallet_id: Mapped[UUID] = mapped_column(ForeignKey("wallets.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    promotional_amount: Mapped[int] = mapped_column(BigInteger)
    purpose: Mapped[str] = mapped_column(Text)  # checkout | withdrawal
    status: Mapped[str] = mapped_column(Text, server_default="active")
    captured_amount: Mapped[int] = mapped_column(BigInteger, server_default="0")
    reference_type: Mapped[str] = mapped_column(Text)
    reference_id: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime | None] = mapped_column(TS)
    hold_transaction_id: Mapped[UUID] = mapped_column(ForeignKey("transactions.id"))
    settle_transaction_id: Mapped[UUID | None] = mapped_column(ForeignKey("transactions.id"))
    created_at: Mapped[datetime] = mapped_column(TS)
    settled_at: Mapped[datetime | None] = mapped_column(TS)

    __table_args__ = (
        # the expiry job scans only active holds by their deadline
        Index("ix_holds_active_expiry", "expires_at", postgresql_where=text("status = 'active'")),
    )


class PayoutAccount(Base):
    """A bank account a wallet owner withdraws to, as validated by name at the provider.

    At most one is active per wallet owner; replacing a validated account blocks withdrawals
    until ``usable_from`` (a fraud guard). Rows are kept: the history of a user's accounts."""

    __tablename__ = "payout_accounts"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    user_id: Mapped[UUID]
    owner_type: Mapped[str] = mapped_column(Text)
    bank_code: Mapped[str] = mapped_column(Text)
    account_number: Mapped[str] = mapped_column(Text)
    submitted_holder_name: Mapped[str] = mapped_column(Text)
    expected_name: Mapped[str] = mapped_column(Text)
    bank_holder_name: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)  # validated | name_mismatch
    active: Mapped[bool] = mapped_column(Boolean, server_default="false")
    provider_reference: Mapped[str | None] = mapped_column(Text)
    usable_from: Mapped[datetime | None] = mapped_column(TS)
    created_at: Mapped[datetime] = mapped_column(TS)
    deactivated_at: Mapped[datetime | None] = mapped_column(TS)

    __table_args__ = (
        Index(
            "ux_payout_accounts_one_active",
            "user_id",
            "owner_type",
            unique=True,
            postgresql_where=text("active"),
        ),
    )


class Withdrawal(Base):
    """Money leaving a wallet for its owner's bank: ``requested`` (a hold) → ``processing``
    (a disbursement at the provider) → ``completed`` (hold captured) | ``failed`` (voided)."""

    __tablename__ = "withdrawals"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(Text, unique=True)
    idempotency_key: Mapped[str] = mapped_column(Text, unique=True)
    request_hash: Mapped[str] = mapped_column(Text)
    wallet_id: Mapped[UUID] = mapped_column(ForeignKey("wallets.id"), index=True)
    user_id: Mapped[UUID]
    owner_type: Mapped[str] = mapped_column(Text)
    amount: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(Text, server_default="requested")
    hold_id: Mapped[UUID] = mapped_column(ForeignKey("holds.id"))
    payout_account_id: Mapped[UUID] = mapped_column(ForeignKey("payout_accounts.id"))
    bank_code: Mapped[str] = mapped_column(Text)
    account_number: Mapped[str] = mapped_column(Text)
    account_holder_name: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)  # owner | auto_payout
    disbursement_id: Mapped[str | None] = mapped_column(Text, unique=True)
    failure_code: Mapped[str | None] = mapped_column(Text)
    failure_reason: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(TS)
    processing_at: Mapped[datetime | None] = mapped_column(TS)
    completed_at: Mapped[datetime | None] = mapped_column(TS)
    failed_at: Mapped[datetime | None] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (
        Index(
            "ix_withdrawals_open",
            "status",
            "updated_at",
            postgresql_where=text("status IN ('requested', 'processing')"),
        ),
    )


class ProviderLog(Base):
    """Every call to the provider and every callback from it, verbatim."""

    __tablename__ = "provider_logs"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    direction: Mapped[str] = mapped_column(Text)  # outbound | callback
    operation: Mapped[str] = mapped_column(Text)
    withdrawal_id: Mapped[UUID | None] = mapped_column(index=True)
    status_code: Mapped[int | None]
    outcome: Mapped[str | None] = mapped_column(Text)
    request: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    response: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class UserProfile(Base):
    """What auth's events told the wallet about a user: the name a buyer's bank account must
    carry, and whether the account was verified (only verified buyers withdraw)."""

    __tablename__ = "user_profiles"

    user_id: Mapped[UUID] = mapped_column(primary_key=True)
    full_name: Mapped[str | None] = mapped_column(Text)
    verified_at: Mapped[datetime | None] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)


class SellerStanding(Base):
    """A seller's standing as the seller service announced it (only active sellers withdraw)."""

    __tablename__ = "seller_standings"

    user_id: Mapped[UUID] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(Text)  # active | suspended
    changed_at: Mapped[datetime] = mapped_column(TS)


class ReconciliationRun(Base):
    """One daily proof of the ledger (one per WIB day)."""

    __tablename__ = "reconciliation_runs"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    run_date: Mapped[date] = mapped_column(Date, unique=True)
    accounts_checked: Mapped[int]
    transactions_checked: Mapped[int]
    postings_sum: Mapped[int] = mapped_column(BigInteger)
    findings: Mapped[int]
    completed_at: Mapped[datetime] = mapped_column(TS)


class ReconciliationFinding(Base):
    """A difference the reconciliation found (what was expected, what is stored)."""

    __tablename__ = "reconciliation_findings"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    run_id: Mapped[UUID] = mapped_column(ForeignKey("reconciliation_runs.id"), index=True)
    kind: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)  # the account, transaction, hold or withdrawal
    expected: Mapped[int | None] = mapped_column(BigInteger)
    actual: Mapped[int | None] = mapped_column(BigInteger)
    detail: Mapped[str] = mapped_column(Text)
