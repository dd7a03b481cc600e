"""notification_db tables: who can be reached and how, templates, preferences, and messages.

A message is one (source, recipient, channel): ``dedup_key`` is the source event's id (or the
caller's idempotency key), ``recipient_key`` the user's or supplier's id, and the unique index
over the three makes a redelivered event insert nothing. Delivery state lives on the message row
(``status``, ``attempts``, ``next_attempt_at``, ``lease_until``); every try is also written to
``delivery_attempts``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

metadata = MetaData()
TS = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = metadata


class Recipient(Base):
    """A user as the service knows them from ``user.*`` events (contact data and role)."""

    __tablename__ = "recipients"

    user_id: Mapped[UUID] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    full_name: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text, server_default="customer")
    locale: Mapped[str] = mapped_column(Text, server_default="id")
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())

    __table_args__ = (Index("ix_recipients_role", "role"),)


class Device(Base):
    """A push token registered by the in-app client (FCM registration token)."""

    __tablename__ = "devices"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    user_id: Mapped[UUID] = mapped_column(index=True)
    token: Mapped[str] = mapped_column(Text, unique=True)
    platform: Mapped[str] = mapped_column(Text)  # android | ios | web
    active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    last_seen_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class Supplier(Base):
    """A supplier's contacts, from ``supplier.created`` / ``supplier.updated``."""

    __tablename__ = "suppliers"

    supplier_id: Mapped[UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    contact_name: Mapped[str | None] = mapped_column(Text)
    whatsapp: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class Preference(Base):
    """A user's choice for one category and channel (absent: DOMAIN.md's default)."""

    __tablename__ = "preferences"

    user_id: Mapped[UUID]
    category: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())

    __table_args__ = (PrimaryKeyConstraint("user_id", "category", "channel"),)


class Template(Base):
    """How one kind reads on one channel in one locale (sandboxed Jinja2 sources)."""

    __tablename__ = "templates"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    kind: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    whatsapp_template: Mapped[str | None] = mapped_column(Text)
    whatsapp_parameters: Mapped[list[str]] = mapped_column(JSONB, server_default="[]")
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    updated_by: Mapped[UUID | None]
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())

    __table_args__ = (UniqueConstraint("kind", "channel", "locale", name="uq_templates_variant"),)


class Message(Base):
    """One message to one recipient on one channel, from its creation to its last receipt."""

    __tablename__ = "messages"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    dedup_key: Mapped[str] = mapped_column(Text)
    recipient_key: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(Text)
    urgent: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    user_id: Mapped[UUID | None]
    supplier_id: Mapped[UUID | None]
    # fixed when the caller named the address; otherwise resolved from contacts at delivery
    to_address: Mapped[str | None] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)  # secrets masked
    html_body: Mapped[str | None] = mapped_column(Text)
    whatsapp_template: Mapped[str | None] = mapped_column(Text)
    whatsapp_parameters: Mapped[list[str]] = mapped_column(JSONB, server_default="[]")
    segments: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(Text)  # queued|sending|sent|delivered|failed
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    provider: Mapped[str | None] = mapped_column(Text)
    provider_message_id: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(TS)
    lease_until: Mapped[datetime | None] = mapped_column(TS)
    held_until: Mapped[datetime | None] = mapped_column(TS)  # quiet hours
    last_error: Mapped[str | None] = mapped_column(Text)
    source_event_id: Mapped[UUID | None]
    source_event_type: Mapped[str | None] = mapped_column(Text)
    source_occurred_at: Mapped[datetime | None] = mapped_column(TS)
    created_at: Mapped[datetime] = mapped_column(TS)
    sent_at: Mapped[datetime | None] = mapped_column(TS)
    delivered_at: Mapped[datetime | None] = mapped_column(TS)
    failed_at: Mapped[datetime | None] = mapped_column(TS)
    read_at: Mapped[datetime | None] = mapped_column(TS)

    __table_args__ = (
        UniqueConstraint("dedup_key", "recipient_key", "channel", name="uq_messages_once"),
        # the delivery job's queue: due messages, and leases that ran out (a crashed sender)
        Index(
            "ix_messages_due",
            "next_attempt_at",
            postgresql_where=text("status IN ('queued', 'sending')"),
        ),
        Index(
            "ix_messages_inbox",
            "user_id",
            "created_at",
            postgresql_where=text("channel = 'in_app'"),
        ),
        Index("ix_messages_provider_id", "provider", "provider_message_id"),
    )


class DeliveryAttempt(Base):
    """One try of one message with one provider, as it went."""

    __tablename__ = "delivery_attempts"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    message_id: Mapped[UUID] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    attempt: Mapped[int] = mapped_column(Integer)
    provider: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(Text)  # sent | failed
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    attempted_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (Index("ix_delivery_attempts_message", "message_id"),)


class Receipt(Base):
    """A delivery receipt as a provider's webhook reported it (kept for audit)."""

    __tablename__ = "receipts"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    provider: Mapped[str] = mapped_column(Text)
    provider_message_id: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[UUID | None]
    status: Mapped[str] = mapped_column(Text)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    received_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    # false while the message it reports on is not recorded as sent yet (see receipts.py)
    applied: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))

    __table_args__ = (
        Index("ix_receipts_stray", "received_at", postgresql_where=text("NOT applied")),
        Index("ix_receipts_message", "message_id"),
    )
