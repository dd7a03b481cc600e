"""payment_db tables: payments and the orders they cover, refunds, the gateway log,
reconciliation findings and seller settlements. Money is integer rupiah (BIGINT)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
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

payment_numbers = Sequence("payment_number_seq", metadata=metadata)
refund_numbers = Sequence("refund_number_seq", metadata=metadata)
settlement_numbers = Sequence("settlement_number_seq", metadata=metadata)

TS = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = metadata


class Payment(Base):
    """One Xendit invoice paying a whole checkout (one or several orders)."""

    __tablename__ = "payments"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    number: Mapped[str] = mapped_column(Text, unique=True)
    idempotency_key: Mapped[str] = mapped_column(Text, unique=True)
    checkout_id: Mapped[UUID]
    user_id: Mapped[UUID] = mapped_column(index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(Text, server_default="IDR")
    status: Mapped[str] = mapped_column(Text, server_default="pending")
    payer_email: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    invoice_id: Mapped[str | None] = mapped_column(Text, unique=True)
    invoice_url: Mapped[str | None] = mapped_column(Text)
    gateway_fee: Mapped[int | None] = mapped_column(BigInteger)
    net_amount: Mapped[int | None] = mapped_column(BigInteger)
    method: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(Text)
    refunded_amount: Mapped[int] = mapped_column(BigInteger, server_default="0")
    # the share the buyer's wallet pays (held by the order service); the invoice is the rest.
    # Refunds go back to the invoice first, then to the wallet (``wallet_refunded``).
    wallet_amount: Mapped[int] = mapped_column(BigInteger, server_default="0")
    wallet_refunded: Mapped[int] = mapped_column(BigInteger, server_default="0")
    expires_at: Mapped[datetime] = mapped_column(TS)
    paid_at: Mapped[datetime | None] = mapped_column(TS)
    expired_at: Mapped[datetime | None] = mapped_column(TS)
    created_at: Mapped[datetime] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (
        CheckConstraint(
            "wallet_amount >= 0 AND wallet_amount <= amount AND wallet_refunded <= wallet_amount",
            name="wallet_share_within_amount",
        ),
        # the expiry job scans only pending payments by their deadline
        Index(
            "ix_payments_pending_expiry", "expires_at", postgresql_where=text("status = 'pending'")
        ),
    )


class PaymentOrder(Base):
    """One order's share of a payment (what ``payment.paid`` tells the settlement)."""

    __tablename__ = "payment_orders"

    payment_id: Mapped[UUID] = mapped_column(
        ForeignKey("payments.id", ondelete="CASCADE"), primary_key=True
    )
    order_id: Mapped[UUID] = mapped_column(primary_key=True)
    seller_id: Mapped[UUID | None]
    total: Mapped[int] = mapped_column(BigInteger)
    refunded_amount: Mapped[int] = mapped_column(BigInteger, server_default="0")


class Refund(Base):
    """A refund of (part of) one order of a paid payment."""

    __tablename__ = "refunds"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    number: Mapped[str] = mapped_column(Text, unique=True)
    payment_id: Mapped[UUID] = mapped_column(ForeignKey("payments.id"), index=True)
    order_id: Mapped[UUID]
    seller_id: Mapped[UUID | None]
    user_id: Mapped[UUID]
    amount: Mapped[int] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(Text)  # original_payment | wallet
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, server_default="requested")
    requested_by: Mapped[UUID | None]
    idempotency_key: Mapped[str | None] = mapped_column(Text, unique=True)
    gateway_refund_id: Mapped[str | None] = mapped_column(Text)
    failure_reason: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(TS)
    completed_at: Mapped[datetime | None] = mapped_column(TS)
    failed_at: Mapped[datetime | None] = mapped_column(TS)

    __table_args__ = (
        # DOMAIN.md: one open refund per payment, enforced by the database under concurrency
        Index(
            "ux_refunds_one_open",
            "payment_id",
            unique=True,
            postgresql_where=text("status = 'requested'"),
        ),
    )


class GatewayLog(Base):
    """Every call to Xendit and every webhook from it, verbatim (reconciliation reads this)."""

    __tablename__ = "gateway_logs"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    direction: Mapped[str] = mapped_column(Text)  # outbound | webhook
    operation: Mapped[str] = mapped_column(Text)
    payment_id: Mapped[UUID | None] = mapped_column(index=True)
    invoice_id: Mapped[str | None] = mapped_column(Text, index=True)
    status_code: Mapped[int | None]
    external_status: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)  # applied | duplicate | ignored | error
    request: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    response: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class ReconciliationIssue(Base):
    """A disagreement between a payment and the gateway log found by the daily reconciliation."""

    __tablename__ = "reconciliation_issues"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    run_date: Mapped[date] = mapped_column(Date)
    payment_id: Mapped[UUID] = mapped_column(ForeignKey("payments.id"))
    kind: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS)

    # one finding per payment, kind and day: re-running the day's reconciliation adds nothing
    __table_args__ = (UniqueConstraint("run_date", "payment_id", "kind"),)


class Settlement(Base):
    """A seller's weekly settlement as computed by the data platform: immutable once recorded
    (a trigger refuses UPDATE, DELETE and TRUNCATE) and chained to the seller's previous week."""

    __tablename__ = "settlements"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    number: Mapped[str] = mapped_column(Text, unique=True)
    seller_id: Mapped[UUID]
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    gross: Mapped[int] = mapped_column(BigInteger)
    refunds: Mapped[int] = mapped_column(BigInteger)
    gateway_fees: Mapped[int] = mapped_column(BigInteger)
    commission: Mapped[int] = mapped_column(BigInteger)
    carried_over_in: Mapped[int] = mapped_column(BigInteger)
    net: Mapped[int] = mapped_column(BigInteger)
    payout: Mapped[int] = mapped_column(BigInteger)
    carried_over_out: Mapped[int] = mapped_column(BigInteger)
    line_count: Mapped[int]
    # the week a positive carried_over_out was first carried out (null when nothing positive is)
    carry_since: Mapped[date | None] = mapped_column(Date)
    # the seller's previous recorded week: its carried_over_out is this week's carried_over_in
    previous_settlement_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("settlements.id"), unique=True
    )
    completed_at: Mapped[datetime] = mapped_column(TS)

    # idempotent per seller and week (DOMAIN.md): the data platform may post a week again;
    # one chain per seller: a single head, and every week has at most one successor
    __table_args__ = (
        UniqueConstraint("seller_id", "period_start"),
        Index(
            "ux_settlements_chain_head",
            "seller_id",
            unique=True,
            postgresql_where=text("previous_settlement_id IS NULL"),
        ),
    )
