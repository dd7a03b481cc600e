"""advert_db tables: campaigns (terms, status, the spend and quality counters serving reads),
impressions and clicks as served, daily charges, and the read models of sellers and products
learned from their services' events. Money is integer rupiah (BIGINT).

The spend counters (``spent_total``, ``spent_today`` of ``spend_date``, a WIB day) are the
in-service counter of today's billable spend: a billable click moves them in the same statement
that checks the budgets, so serving (which filters on them) never waits for daily billing and
concurrent clicks cannot overspend.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid4

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    Computed,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    Text,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

metadata = MetaData()

TS = DateTime(timezone=True)

# keywords and the advertised products' names, in the three configurations product search uses
SEARCH_VECTOR_SQL = (
    "to_tsvector('simple'::regconfig, coalesce(search_text, ''))"
    " || to_tsvector('indonesian'::regconfig, coalesce(search_text, ''))"
    " || to_tsvector('english'::regconfig, coalesce(search_text, ''))"
)


class Base(DeclarativeBase):
    metadata = metadata


class Campaign(Base):
    """A seller's campaign on its own products."""

    __tablename__ = "campaigns"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    seller_id: Mapped[UUID]
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(Text)
    pricing_model: Mapped[str] = mapped_column(Text)
    bid: Mapped[int] = mapped_column(BigInteger)
    daily_budget: Mapped[int] = mapped_column(BigInteger)
    total_budget: Mapped[int] = mapped_column(BigInteger)
    starts_at: Mapped[datetime] = mapped_column(TS)
    ends_at: Mapped[datetime | None] = mapped_column(TS)
    keywords: Mapped[list[str]] = mapped_column(ARRAY(Text))
    product_ids: Mapped[list[UUID]] = mapped_column(ARRAY(Uuid()))
    category_id: Mapped[UUID | None]
    search_text: Mapped[str] = mapped_column(Text)
    search_vector: Mapped[str] = mapped_column(
        TSVECTOR, Computed(SEARCH_VECTOR_SQL, persisted=True)
    )
    status: Mapped[str] = mapped_column(Text, default="pending_review")
    status_reason: Mapped[str | None] = mapped_column(Text)
    impressions: Mapped[int] = mapped_column(BigInteger, default=0)
    clicks: Mapped[int] = mapped_column(BigInteger, default=0)
    spent_total: Mapped[int] = mapped_column(BigInteger, default=0)
    spent_today: Mapped[int] = mapped_column(BigInteger, default=0)
    spend_date: Mapped[date | None] = mapped_column(Date)
    charged_total: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())

    __table_args__ = (
        Index("ix_campaigns_seller", "seller_id", "created_at"),
        Index("ix_campaigns_search", "search_vector", postgresql_using="gin"),
        Index("ix_campaigns_serving", "type", "status"),
    )


class Impression(Base):
    """One ad shown, with the second price it was sold at (per click, or per 1,000 for CPM)."""

    __tablename__ = "impressions"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    campaign_id: Mapped[UUID]
    seller_id: Mapped[UUID]
    product_id: Mapped[UUID | None]
    placement: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    pricing_model: Mapped[str] = mapped_column(Text)
    bid: Mapped[int] = mapped_column(BigInteger)
    price: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[UUID | None]
    session_id: Mapped[str | None] = mapped_column(Text)
    query: Mapped[str | None] = mapped_column(Text)
    served_at: Mapped[datetime] = mapped_column(TS)


class Click(Base):
    """A click on an impression; invalid ones are kept with their reason and never billed."""

    __tablename__ = "clicks"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    impression_id: Mapped[UUID]
    campaign_id: Mapped[UUID]
    user_id: Mapped[UUID | None]
    session_id: Mapped[str | None] = mapped_column(Text)
    ip: Mapped[str | None] = mapped_column(Text)
    billable: Mapped[bool] = mapped_column(Boolean)
    flag_reason: Mapped[str | None] = mapped_column(Text)
    price: Mapped[int] = mapped_column(BigInteger)
    clicked_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (
        Index("ix_clicks_campaign_time", "campaign_id", "clicked_at"),
        Index("ix_clicks_ip_time", "ip", "clicked_at"),
    )


class Charge(Base):
    """The data platform's charge of one campaign for one WIB day (one row per day, ever)."""

    __tablename__ = "charges"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    campaign_id: Mapped[UUID]
    seller_id: Mapped[UUID]
    charge_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)
    computed_amount: Mapped[int] = mapped_column(BigInteger)
    capped_by: Mapped[str] = mapped_column(Text)
    billable_clicks: Mapped[int] = mapped_column(BigInteger)
    impressions: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(Text)  # charged | outstanding
    wallet_transaction_id: Mapped[UUID | None]
    created_at: Mapped[datetime] = mapped_column(TS)
    charged_at: Mapped[datetime | None] = mapped_column(TS)

    __table_args__ = (
        UniqueConstraint("campaign_id", "charge_date"),
        Index("ix_charges_outstanding", "seller_id", postgresql_where="status = 'outstanding'"),
    )


class SellerStanding(Base):
    """A seller's status as the seller service announced it (only ``active`` advertises)."""

    __tablename__ = "sellers"

    seller_id: Mapped[UUID] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(TS)


class ProductRef(Base):
    """A product as the product service announced it: whose it is, its name and category."""

    __tablename__ = "products"

    product_id: Mapped[UUID] = mapped_column(primary_key=True)
    seller_id: Mapped[UUID | None]
    name: Mapped[str] = mapped_column(Text)
    category_id: Mapped[UUID]
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(TS)


class CampaignDay(Base):
    """A campaign's day as the data platform computed it (pushed back, replaced on each push)."""

    __tablename__ = "campaign_days"

    campaign_id: Mapped[UUID] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    impressions: Mapped[int] = mapped_column(BigInteger)
    clicks: Mapped[int] = mapped_column(BigInteger)
    billable_clicks: Mapped[int] = mapped_column(BigInteger)
    spend: Mapped[int] = mapped_column(BigInteger)
    attributed_orders: Mapped[int] = mapped_column(BigInteger)
    attributed_revenue: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(TS)
