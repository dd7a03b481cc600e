"""review_db tables: the purchases that may be reviewed (from ``order.created`` and
``order.delivered``), reviews with their photos, votes, reports and the seller's or brand's
reply, and the rating summaries of products and sellers.

A summary row is changed in place, under its row lock, in the same transaction as the review
entering or leaving the approved set; its ``version`` grows by one each time, and the events
carry it so every reader keeps the newest.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    Text,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from api.kit.tables import NAMING_CONVENTION

metadata = MetaData(naming_convention=NAMING_CONVENTION)
TS = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = metadata


class Purchase(Base):
    """An order item as bought (``order.created``); reviewable once delivered, for 90 days."""

    __tablename__ = "purchases"
    __table_args__ = (Index("ix_purchases_user_delivered", "user_id", "delivered_at"),)

    order_item_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    order_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    user_id: Mapped[UUID] = mapped_column(Uuid)
    product_id: Mapped[UUID] = mapped_column(Uuid)
    variant_id: Mapped[UUID] = mapped_column(Uuid)
    seller_id: Mapped[UUID | None] = mapped_column(Uuid)
    brand_id: Mapped[UUID | None] = mapped_column(Uuid)
    product_name: Mapped[str] = mapped_column(Text)
    sku: Mapped[str] = mapped_column(Text)
    size: Mapped[str | None] = mapped_column(Text)
    color: Mapped[str | None] = mapped_column(Text)
    ordered_at: Mapped[datetime] = mapped_column(TS)
    delivered_at: Mapped[datetime | None] = mapped_column(TS)
    reviewable_until: Mapped[datetime | None] = mapped_column(TS)


class Review(Base):
    """A buyer's review of one delivered order item (at most one per item)."""

    __tablename__ = "reviews"
    __table_args__ = (
        Index(
            "ix_reviews_product_approved",
            "product_id",
            "approved_at",
            postgresql_where=text("status = 'approved'"),
        ),
        Index("ix_reviews_moderation", "created_at", postgresql_where=text("status = 'pending'")),
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    order_item_id: Mapped[UUID] = mapped_column(ForeignKey("purchases.order_item_id"), unique=True)
    order_id: Mapped[UUID] = mapped_column(Uuid)
    user_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    product_id: Mapped[UUID] = mapped_column(Uuid)
    variant_id: Mapped[UUID] = mapped_column(Uuid)
    seller_id: Mapped[UUID | None] = mapped_column(Uuid)
    brand_id: Mapped[UUID | None] = mapped_column(Uuid)
    rating: Mapped[int] = mapped_column(SmallInteger)
    text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)  # pending | approved | rejected
    moderation_reasons: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    # reports since the last moderator decision: three send an approved review back
    report_count: Mapped[int] = mapped_column(Integer, default=0)
    helpful_count: Mapped[int] = mapped_column(Integer, default=0)
    unhelpful_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)
    approved_at: Mapped[datetime | None] = mapped_column(TS)
    moderated_by: Mapped[UUID | None] = mapped_column(Uuid)
    moderated_at: Mapped[datetime | None] = mapped_column(TS)
    moderation_note: Mapped[str | None] = mapped_column(Text)


class ReviewImage(Base):
    """A photo uploaded by a buyer; attached to a review when the review is written."""

    __tablename__ = "review_images"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    review_id: Mapped[UUID | None] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    storage_key: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(TS)


class ReviewVote(Base):
    """One user's helpful / not-helpful vote on a review (changeable)."""

    __tablename__ = "review_votes"

    review_id: Mapped[UUID] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    helpful: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)


class ReviewReport(Base):
    """One user's report of a review (at most one each)."""

    __tablename__ = "review_reports"

    review_id: Mapped[UUID] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS)


class ReviewReply(Base):
    """The one public reply to a review, by the product's seller or its house brand."""

    __tablename__ = "review_replies"

    review_id: Mapped[UUID] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True
    )
    author_id: Mapped[UUID] = mapped_column(Uuid)
    author_kind: Mapped[str] = mapped_column(Text)  # seller | brand
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS)


class RatingSummary(Base):
    """The tally of a product's (or seller's) approved reviews."""

    __tablename__ = "rating_summaries"

    subject_type: Mapped[str] = mapped_column(Text, primary_key=True)  # product | seller
    subject_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    stars_1: Mapped[int] = mapped_column(Integer, default=0)
    stars_2: Mapped[int] = mapped_column(Integer, default=0)
    stars_3: Mapped[int] = mapped_column(Integer, default=0)
    stars_4: Mapped[int] = mapped_column(Integer, default=0)
    stars_5: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(TS)
