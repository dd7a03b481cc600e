"""Request and response models of the support service (DESIGN §10 fixes the ticket's answer)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field, Strict, field_validator

from api.events.values import TicketCategory, TicketPriority, TicketStatus
from api.kit.schemas import ReadSchema, Schema

MESSAGE_MAX_LENGTH = 5000

MessageBody = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MESSAGE_MAX_LENGTH,
        description=f"plain text, at most {MESSAGE_MAX_LENGTH} characters",
    ),
]
Score = Annotated[int, Strict(), Field(ge=1, le=5)]


class TicketCreate(Schema):
    """``POST /api/support/tickets``: the caller opens a ticket about their own problem."""

    subject: Annotated[str, Field(min_length=3, max_length=200)]
    category: TicketCategory
    order_id: UUID | None = Field(None, description="one of the caller's orders")
    message: MessageBody


class MessageCreate(Schema):
    """A reply; ``internal`` (agents only) makes it a note the customer never sees."""

    body: MessageBody
    internal: bool = False


class StatusChange(Schema):
    """An agent moves the ticket; resolving needs the resolution the customer is told."""

    status: Literal["in_progress", "waiting_customer", "resolved", "closed"]
    resolution: Annotated[str | None, Field(min_length=1, max_length=2000)] = None


class PriorityChange(Schema):
    priority: TicketPriority


class AssignRequest(Schema):
    """No ``agent_id`` (or the caller's own): take the ticket; leads and admins name an agent."""

    agent_id: UUID | None = None


class RatingCreate(Schema):
    """CSAT after resolution: 1 (very unhappy) … 5 (very happy)."""

    score: Score
    comment: Annotated[str | None, Field(min_length=1, max_length=1000)] = None


class SlaRead(BaseModel):
    first_response_due: datetime | None
    resolution_due: datetime | None
    first_response_breached: bool
    resolution_breached: bool
    paused: bool
    escalated: bool


class MessageRead(ReadSchema):
    id: UUID
    author_id: UUID | None
    kind: Literal["customer", "agent", "internal_note", "auto"]
    body: str
    faq_id: UUID | None
    created_at: datetime


class CsatRead(BaseModel):
    score: int
    comment: str | None
    rated_at: datetime


class TicketSummary(BaseModel):
    """A ticket in a list."""

    id: UUID
    number: str
    user_id: UUID
    order_id: UUID | None
    subject: str
    category: TicketCategory
    priority: TicketPriority
    status: TicketStatus
    source: str
    assigned_agent_id: UUID | None
    created_at: datetime
    updated_at: datetime
    first_responded_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    sla: SlaRead


class TicketRead(TicketSummary):
    """One ticket with the messages the caller may see (customers never see internal notes)."""

    resolution: str | None
    csat: CsatRead | None
    messages: list[MessageRead]


def _given(value: object) -> object:
    # a partial update leaves a field out to keep it; an explicit null would blank a column
    # that has no "nothing" (the fuzzer's ``{"active": null}`` was a 500)
    if value is None:
        raise ValueError("cannot be null: leave the field out to keep it")
    return value


class AgentUpdate(Schema):
    """Admins set an agent's availability, queues (skills) and whether they lead."""

    available: bool | None = None
    categories: Annotated[list[TicketCategory] | None, Field(max_length=7)] = None
    is_lead: bool | None = None

    _not_null = field_validator("available", "categories", "is_lead")(_given)

    @field_validator("categories")
    @classmethod
    def _distinct(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("each category at most once")
        return value


class AgentRead(ReadSchema):
    user_id: UUID
    email: str | None
    full_name: str | None
    active: bool
    available: bool
    categories: list[TicketCategory]
    is_lead: bool
    active_tickets: int = 0


class FaqCreate(Schema):
    question: Annotated[str, Field(min_length=5, max_length=500)]
    answer: Annotated[str, Field(min_length=1, max_length=MESSAGE_MAX_LENGTH)]
    keywords: Annotated[str, Field(max_length=500, description="extra words to match on")] = ""
    language: Literal["id", "en"] = "id"
    category: TicketCategory | None = None
    active: bool = True


class FaqUpdate(Schema):
    question: Annotated[str | None, Field(min_length=5, max_length=500)] = None
    answer: Annotated[str | None, Field(min_length=1, max_length=MESSAGE_MAX_LENGTH)] = None
    keywords: Annotated[str | None, Field(max_length=500)] = None
    language: Literal["id", "en"] | None = None
    category: TicketCategory | None = None
    active: bool | None = None

    # only the category may be cleared (an FAQ of no particular queue)
    _not_null = field_validator("question", "answer", "keywords", "language", "active")(_given)


class FaqRead(ReadSchema):
    id: UUID
    question: str
    answer: str
    keywords: str
    language: Literal["id", "en"]
    category: TicketCategory | None
    active: bool
    created_at: datetime
    updated_at: datetime


class FaqMatch(BaseModel):
    """An FAQ a text would be answered with, and how well it matched."""

    faq: FaqRead
    coverage: float
    matches: int
