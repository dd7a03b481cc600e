"""support_db tables: agents (learnt from ``user.*`` events, managed by admins), the orders the
desk knows (from ``order.created``), tickets with their SLA clock, messages, and FAQs.

A ticket keeps its clock as its opening plus ``ticket_pauses``; the due and warning instants are
stored beside it (recomputed on every pause, resume and priority change) so the SLA job finds
what falls due with an index scan instead of recomputing every open ticket's calendar.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    Computed,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    Sequence,
    SmallInteger,
    Text,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from api.kit.tables import NAMING_CONVENTION

metadata = MetaData(naming_convention=NAMING_CONVENTION)
TS = DateTime(timezone=True)

ticket_numbers = Sequence("ticket_numbers", metadata=metadata)

# An FAQ's searchable text in its own language's stemmer (and 'simple' for exact words), and
# the stemmed words of its question and of its keywords: what a customer's message must cover
# to be answered by it. The migration builds the generated columns from these expressions.


def _in_its_language(text_sql: str) -> str:
    # a regconfig literal per branch: a cast of a column to regconfig is not immutable
    return (
        f"(CASE WHEN language = 'en' THEN to_tsvector('english'::regconfig, {text_sql})"
        f" ELSE to_tsvector('indonesian'::regconfig, {text_sql}) END)"
    )


_KEYS = "question || ' ' || keywords"
FAQ_VECTOR_SQL = (
    f"setweight({_in_its_language(_KEYS)}, 'A')"
    f" || setweight({_in_its_language('answer')}, 'C')"
    f" || setweight(to_tsvector('simple'::regconfig, {_KEYS}), 'B')"
)
FAQ_QUESTION_LEXEMES_SQL = f"tsvector_to_array({_in_its_language('question')})"
FAQ_KEYWORD_LEXEMES_SQL = f"tsvector_to_array({_in_its_language('keywords')})"


class Base(DeclarativeBase):
    metadata = metadata


class Agent(Base):
    """A user with the ``support_agent`` role, as the desk sees them.

    ``active`` follows the role (from auth's events); ``available``, ``categories`` (the queues
    they work) and ``is_lead`` are set by admins. New agents start available with no queue.
    """

    __tablename__ = "agents"

    user_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    email: Mapped[str | None] = mapped_column(Text)
    full_name: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    available: Mapped[bool] = mapped_column(Boolean, default=True)
    categories: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)


class KnownUser(Base):
    """Every user's name and role (from ``user.*``): agents are picked out of these."""

    __tablename__ = "known_users"

    user_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    email: Mapped[str | None] = mapped_column(Text)
    full_name: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(TS)


class KnownOrder(Base):
    """Whose an order is (from ``order.created``): a ticket may only name its author's order."""

    __tablename__ = "known_orders"

    order_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    order_number: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS)


class RefundPaid(Base):
    """A refund paid out for an order (``refund.completed``): a full return's ticket is resolved
    by the first one paid at or after its goods were received, whichever event comes first."""

    __tablename__ = "refunds_paid"

    refund_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    order_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    completed_at: Mapped[datetime] = mapped_column(TS)


class Ticket(Base):
    """A support ticket with its status, assignment and SLA clock."""

    __tablename__ = "tickets"
    __table_args__ = (
        # the SLA job's scans: what is due, among the targets not yet met, warned or breached
        Index(
            "ix_tickets_first_response_watch",
            "first_response_warning_at",
            postgresql_where=text(
                "first_responded_at IS NULL AND first_response_breached_at IS NULL"
            ),
        ),
        Index(
            "ix_tickets_resolution_watch",
            "resolution_warning_at",
            postgresql_where=text("resolution_breached_at IS NULL AND status <> 'closed'"),
        ),
        Index("ix_tickets_agent_active", "assigned_agent_id", "status"),
        Index(
            "ix_tickets_resolved_close", "resolved_at", postgresql_where=text("status = 'resolved'")
        ),
        # a refund paid finds its order's return ticket (api/support/service/returns.py)
        Index(
            "ix_tickets_return_order", "order_id", postgresql_where=text("return_id IS NOT NULL")
        ),
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(Text, unique=True)
    user_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    order_id: Mapped[UUID | None] = mapped_column(Uuid)
    return_id: Mapped[UUID | None] = mapped_column(Uuid, unique=True)
    category: Mapped[str] = mapped_column(Text)
    priority: Mapped[str] = mapped_column(Text)
    opening_priority: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    assigned_agent_id: Mapped[UUID | None] = mapped_column(ForeignKey("agents.user_id"))
    created_at: Mapped[datetime] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)
    first_responded_at: Mapped[datetime | None] = mapped_column(TS)
    resolved_at: Mapped[datetime | None] = mapped_column(TS)
    closed_at: Mapped[datetime | None] = mapped_column(TS)
    resolution: Mapped[str | None] = mapped_column(Text)
    # the clock's due and warning instants (null while paused or once the target is met)
    first_response_due_at: Mapped[datetime | None] = mapped_column(TS)
    first_response_warning_at: Mapped[datetime | None] = mapped_column(TS)
    resolution_due_at: Mapped[datetime | None] = mapped_column(TS)
    resolution_warning_at: Mapped[datetime | None] = mapped_column(TS)
    # what the SLA job has already announced (each once)
    first_response_warned_at: Mapped[datetime | None] = mapped_column(TS)
    first_response_breached_at: Mapped[datetime | None] = mapped_column(TS)
    resolution_warned_at: Mapped[datetime | None] = mapped_column(TS)
    resolution_breached_at: Mapped[datetime | None] = mapped_column(TS)
    escalated_at: Mapped[datetime | None] = mapped_column(TS)
    csat_score: Mapped[int | None] = mapped_column(SmallInteger)
    csat_comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime | None] = mapped_column(TS)
    # a return ticket's progress (api/support/service/returns.py): goods back, refund paid
    return_received_at: Mapped[datetime | None] = mapped_column(TS)
    return_full: Mapped[bool | None] = mapped_column(Boolean)
    return_refunded_at: Mapped[datetime | None] = mapped_column(TS)


class TicketPause(Base):
    """An interval the ticket's clock stood still (waiting for the customer, or resolved)."""

    __tablename__ = "ticket_pauses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[UUID] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), index=True
    )
    started_at: Mapped[datetime] = mapped_column(TS)
    ended_at: Mapped[datetime | None] = mapped_column(TS)


class TicketMessage(Base):
    """A message on a ticket: the customer's, an agent's, an internal note, or an FAQ answer."""

    __tablename__ = "ticket_messages"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    # the order messages were written in (several may share a timestamp)
    seq: Mapped[int] = mapped_column(BigInteger, Identity(always=True))
    ticket_id: Mapped[UUID] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    author_id: Mapped[UUID | None] = mapped_column(Uuid)
    # customer | agent | internal_note | auto
    kind: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    faq_id: Mapped[UUID | None] = mapped_column(ForeignKey("faqs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (Index("ix_ticket_messages_ticket", "ticket_id", "seq"),)


class Faq(Base):
    """A frequently asked question with its answer, in Indonesian (``id``) or English (``en``)."""

    __tablename__ = "faqs"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    keywords: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)
    search_vector: Mapped[str] = mapped_column(
        TSVECTOR, Computed(FAQ_VECTOR_SQL, persisted=True), deferred=True
    )
    question_lexemes: Mapped[list[str]] = mapped_column(
        ARRAY(Text), Computed(FAQ_QUESTION_LEXEMES_SQL, persisted=True), deferred=True
    )
    keyword_lexemes: Mapped[list[str]] = mapped_column(
        ARRAY(Text), Computed(FAQ_KEYWORD_LEXEMES_SQL, persisted=True), deferred=True
    )
