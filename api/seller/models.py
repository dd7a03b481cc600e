"""seller_db tables: the shops (one per user: ``seller_id`` is the user's id), their documents,
commission history, bank-account record, payouts and auto-payouts, and the dashboard's read models
fed by other services' events. Money is integer rupiah (BIGINT)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid4

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    Sequence,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

metadata = MetaData()

seller_numbers = Sequence("seller_number_seq", metadata=metadata)

TS = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = metadata


class Seller(Base):
    """A shop run by one user; ``id`` is that user's id (DOMAIN seller, api/events/seller)."""

    __tablename__ = "sellers"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(Text, unique=True)
    shop_name: Mapped[str] = mapped_column(Text)
    shop_slug: Mapped[str] = mapped_column(Text, unique=True)
    business_type: Mapped[str] = mapped_column(Text)
    # the name on the KTP (individual) or the company's registered name: the admin checks it
    # against the documents, the bank's holder name must match it
    legal_name: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    status_reason: Mapped[str | None] = mapped_column(Text)
    commission_rate_bps: Mapped[int] = mapped_column(Integer, default=0)
    auto_payout: Mapped[bool] = mapped_column(Boolean, default=True)
    # the pickup address as the address service validated it
    pickup_recipient_name: Mapped[str] = mapped_column(Text)
    pickup_phone: Mapped[str] = mapped_column(Text)
    pickup_street: Mapped[str] = mapped_column(Text)
    pickup_village_code: Mapped[str] = mapped_column(Text)
    pickup_village: Mapped[str] = mapped_column(Text)
    pickup_district: Mapped[str] = mapped_column(Text)
    pickup_city: Mapped[str] = mapped_column(Text)
    pickup_province: Mapped[str] = mapped_column(Text)
    pickup_postal_code: Mapped[str] = mapped_column(Text)
    applied_at: Mapped[datetime] = mapped_column(TS)
    verified_at: Mapped[datetime | None] = mapped_column(TS)
    verified_by: Mapped[UUID | None]
    updated_at: Mapped[datetime] = mapped_column(TS)


class SellerDocument(Base):
    """An uploaded KTP, NIB or NPWP (the newest of a kind counts); files are private."""

    __tablename__ = "seller_documents"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    seller_id: Mapped[UUID] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(Text)
    storage_key: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(Text)
    uploaded_at: Mapped[datetime] = mapped_column(TS)


class CommissionRate(Base):
    """One commission rate of a seller and the WIB Monday from which settlements use it."""

    __tablename__ = "commission_rates"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    seller_id: Mapped[UUID] = mapped_column(index=True)
    rate_bps: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    changed_by: Mapped[UUID]
    changed_at: Mapped[datetime] = mapped_column(TS)


class BankAccount(Base):
    """What the seller knows of its payout account (the full number lives only in wallet_db)."""

    __tablename__ = "bank_accounts"

    seller_id: Mapped[UUID] = mapped_column(primary_key=True)
    bank_code: Mapped[str] = mapped_column(Text)
    account_number_last4: Mapped[str] = mapped_column(Text)
    account_holder_name: Mapped[str] = mapped_column(Text)
    withdrawals_blocked_until: Mapped[datetime | None] = mapped_column(TS)
    validated_at: Mapped[datetime] = mapped_column(TS)


class Payout(Base):
    """A week's payout, recorded from ``settlement.completed`` (one per settlement)."""

    __tablename__ = "payouts"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    seller_id: Mapped[UUID] = mapped_column(index=True)
    settlement_id: Mapped[UUID] = mapped_column(unique=True)
    settlement_number: Mapped[str] = mapped_column(Text)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    gross: Mapped[int] = mapped_column(BigInteger)
    net: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger)
    carried_over_out: Mapped[int] = mapped_column(BigInteger)
    scheduled_for: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(TS)


class AutoPayout(Base):
    """One weekly auto-payout run for one seller: the wallet withdrawal it asked for (if any)."""

    __tablename__ = "auto_payouts"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    seller_id: Mapped[UUID]
    week_start: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(Text)  # requested | nothing_to_withdraw | refused
    withdrawal_id: Mapped[UUID | None]
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    detail: Mapped[str | None] = mapped_column(Text)
    ran_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (UniqueConstraint("seller_id", "week_start"),)


class SellerOrder(Base):
    """Read model of the seller's orders (from ``order.*``), for the dashboard."""

    __tablename__ = "seller_orders"

    order_id: Mapped[UUID] = mapped_column(primary_key=True)
    seller_id: Mapped[UUID]
    status: Mapped[str] = mapped_column(Text)
    total: Mapped[int] = mapped_column(BigInteger)
    placed_at: Mapped[datetime] = mapped_column(TS)
    paid_at: Mapped[datetime | None] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())

    __table_args__ = (Index("ix_seller_orders_seller_status", "seller_id", "status"),)


class SellerRating(Base):
    """Read model of approved reviews of the seller's products (from ``review.approved``)."""

    __tablename__ = "seller_ratings"

    review_id: Mapped[UUID] = mapped_column(primary_key=True)
    seller_id: Mapped[UUID] = mapped_column(index=True)
    rating: Mapped[int] = mapped_column(Integer)
    approved_at: Mapped[datetime] = mapped_column(TS)


class SellerAdSpend(Base):
    """Read model of ad charges on the seller's wallet (from ``wallet.debited``, ``ad_spend``)."""

    __tablename__ = "seller_ad_spend"

    transaction_id: Mapped[UUID] = mapped_column(primary_key=True)
    seller_id: Mapped[UUID] = mapped_column(index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    occurred_at: Mapped[datetime] = mapped_column(TS)
