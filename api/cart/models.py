"""The cart's tables: one cart per user, its lines with the price the buyer saw (snapshot)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class Base(DeclarativeBase):
    metadata = metadata


class Cart(Base):
    """A user's one active cart; it outlives checkouts (a checkout empties it)."""

    __tablename__ = "carts"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[UUID] = mapped_column(Uuid, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CartItem(Base):
    """One line: a variant (sold under a house brand, or by a seller) and its price snapshot.

    ``unit_price`` is the price the buyer saw and agreed to (when added, or when they accepted
    a change); ``current_price`` the last price the cart learnt. They differ → ``price_changed``.
    """

    __tablename__ = "cart_items"
    __table_args__ = (
        # one line per purchasable unit; NULL brand (seller items) must count as one value
        UniqueConstraint("cart_id", "variant_id", "brand_id", postgresql_nulls_not_distinct=True),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price >= 0 AND current_price >= 0", name="prices_non_negative"),
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    cart_id: Mapped[UUID] = mapped_column(ForeignKey("carts.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    product_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    brand_id: Mapped[UUID | None] = mapped_column(Uuid)
    seller_id: Mapped[UUID | None] = mapped_column(Uuid)
    sku: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    size: Mapped[str | None] = mapped_column(Text)
    color: Mapped[str | None] = mapped_column(Text)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[int] = mapped_column(BigInteger)
    current_price: Mapped[int] = mapped_column(BigInteger)
    available: Mapped[bool] = mapped_column(Boolean, default=True)
    unavailable_reason: Mapped[str | None] = mapped_column(Text)
    saved_for_later: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    @property
    def price_changed(self) -> bool:
        return self.current_price != self.unit_price
