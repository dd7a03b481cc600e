"""The order service's tables: checkouts (idempotency), orders, their items and status history.

Orders freeze what was bought (name, SKU, brand/seller, unit price) and where it goes (the
address snapshot): later catalogue or address edits never change a placed order.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Sequence,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
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

order_numbers = Sequence("order_numbers", metadata=metadata)
return_numbers = Sequence("return_numbers", metadata=metadata)


class Base(DeclarativeBase):
    metadata = metadata


class Checkout(Base):
    """One ``POST /api/checkout`` per (user, Idempotency-Key): claimed first, answered once.

    ``pending`` while the saga runs; ``completed`` with the stored answer every replay returns.
    A failed checkout leaves no row (its claim is deleted): nothing is written on failure.
    """

    __tablename__ = "checkouts"
    __table_args__ = (
        UniqueConstraint("user_id", "idempotency_key"),
        # the settling job scans only the holds with something due
        Index(
            "ix_checkouts_wallet_hold_due",
            "updated_at",
            postgresql_where=text("wallet_hold_status IN ('capture_due', 'void_due')"),
        ),
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[UUID] = mapped_column(Uuid)
    idempotency_key: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    payment_id: Mapped[UUID | None] = mapped_column(Uuid)
    total: Mapped[int | None] = mapped_column(BigInteger)
    # Paying with the wallet: the share held in the buyer's wallet and what became of the hold:
    # none | active → capture_due (the money came) | void_due (it never will) → captured |
    # voided; ``service/wallet_share.py`` settles the due ones.
    wallet_amount: Mapped[int] = mapped_column(BigInteger, server_default="0")
    wallet_hold_id: Mapped[UUID | None] = mapped_column(Uuid)
    wallet_hold_status: Mapped[str] = mapped_column(Text, server_default="none")
    response: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Order(Base):
    """One order per fulfilment source of a checkout (house items together; one per seller)."""

    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("total = subtotal + shipping_cost", name="total_adds_up"),
        CheckConstraint("subtotal >= 0 AND shipping_cost >= 0", name="money_non_negative"),
        # the unpaid-checkout limit counts a buyer's pending orders
        Index(
            "ix_orders_unpaid_by_user",
            "user_id",
            postgresql_where=text("status = 'pending_payment'"),
        ),
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(Text, unique=True)
    checkout_id: Mapped[UUID] = mapped_column(ForeignKey("checkouts.id"), index=True)
    user_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    seller_id: Mapped[UUID | None] = mapped_column(Uuid, index=True)
    fulfilment: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, index=True)
    subtotal: Mapped[int] = mapped_column(BigInteger)
    shipping_cost: Mapped[int] = mapped_column(BigInteger)
    total: Mapped[int] = mapped_column(BigInteger)
    # the part of ``total`` the checkout's wallet hold pays (the invoice pays the rest)
    wallet_amount: Mapped[int] = mapped_column(BigInteger, server_default="0")
    courier: Mapped[str] = mapped_column(Text)
    courier_service: Mapped[str] = mapped_column(Text)
    weight_grams: Mapped[int] = mapped_column(Integer)
    shipping_address: Mapped[dict[str, Any]] = mapped_column(JSONB)
    payment_id: Mapped[UUID | None] = mapped_column(Uuid, index=True)
    payment_due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # An order becomes paid only when both halves are in (either may arrive first): the money
    # (payment.paid) and the stock held for it (inventory.confirmed). Money without stock is
    # refunded; see service/payments.py.
    payment_received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    stock_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accept_by: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    shipment_id: Mapped[UUID | None] = mapped_column(Uuid)
    courier_tracking: Mapped[str | None] = mapped_column(Text)
    shipped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    return_window_ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # none → pending (owed, not yet asked of payment) → requested → completed | failed (the
    # gateway could not pay it out); pending → refused when payment refuses it for good (nothing
    # remains refundable, unknown payment): staff are told, nothing retries it.
    refund_status: Mapped[str] = mapped_column(Text, default="none")
    # What the order asks back: the cap a return or cancellation is owed (payment refunds at
    # most what remains of the order), then what payment actually opened.
    refund_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    refund_id: Mapped[UUID | None] = mapped_column(Uuid)
    refund_attempts: Mapped[int] = mapped_column(Integer, default=0)
    refund_retry_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    refund_failure: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OrderItem(Base):
    """A line frozen at checkout."""

    __tablename__ = "order_items"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    order_id: Mapped[UUID] = mapped_column(ForeignKey("orders.id"), index=True)
    product_id: Mapped[UUID] = mapped_column(Uuid)
    variant_id: Mapped[UUID] = mapped_column(Uuid)
    sku: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    size: Mapped[str | None] = mapped_column(Text)
    color: Mapped[str | None] = mapped_column(Text)
    brand_id: Mapped[UUID | None] = mapped_column(Uuid)
    seller_id: Mapped[UUID | None] = mapped_column(Uuid)
    unit_price: Mapped[int] = mapped_column(BigInteger)
    quantity: Mapped[int] = mapped_column(Integer)
    line_total: Mapped[int] = mapped_column(BigInteger)
    weight_grams: Mapped[int] = mapped_column(Integer)


class StatusChange(Base):
    """The status history: every transition, when, why and by whom (null: the system)."""

    __tablename__ = "order_status_history"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    order_id: Mapped[UUID] = mapped_column(ForeignKey("orders.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[UUID | None] = mapped_column(Uuid)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReturnRequest(Base):
    """A customer's request to return (part of) a delivered order: whole lines (see returns.py)."""

    __tablename__ = "order_returns"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(Text, unique=True)
    order_id: Mapped[UUID] = mapped_column(ForeignKey("orders.id"), index=True)
    order_item_ids: Mapped[list[str]] = mapped_column(JSONB)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    refund_amount: Mapped[int] = mapped_column(BigInteger)
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReturnedItem(Base):
    """An order line named by a return: the primary key lets each line come back at most once,
    across every return of the order, whatever races the requests run."""

    __tablename__ = "order_return_items"

    order_item_id: Mapped[UUID] = mapped_column(ForeignKey("order_items.id"), primary_key=True)
    return_id: Mapped[UUID] = mapped_column(ForeignKey("order_returns.id"), index=True)
    order_id: Mapped[UUID] = mapped_column(ForeignKey("orders.id"), index=True)
    line_total: Mapped[int] = mapped_column(BigInteger)


class SellerOrigin(Base):
    """Where a seller's parcels leave from (its pickup postcode, from ``seller.verified``)."""

    __tablename__ = "seller_origins"

    seller_id: Mapped[UUID] = mapped_column(primary_key=True)
    postal_code: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
