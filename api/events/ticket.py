"""``ticket.*`` events, produced by support onto ``ticket.events``."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime

from api.events.base import EventPayload
from api.events.values import TicketCategory, TicketPriority


class _TicketEvent(EventPayload):
    """Fields every ticket event shares."""

    ticket_id: UUID
    ticket_number: str
    user_id: UUID
    order_id: UUID | None
    category: TicketCategory
    priority: TicketPriority


class TicketCreated(_TicketEvent, event_type="ticket.created", aggregate_type="ticket"):
    """A support ticket was opened, by a customer or automatically (e.g. a return request)."""

    subject: str
    source: Literal["customer", "return_request", "agent"]
    first_response_due_at: AwareDatetime
    resolution_due_at: AwareDatetime
    created_at: AwareDatetime


class TicketAssigned(_TicketEvent, event_type="ticket.assigned", aggregate_type="ticket"):
    """A ticket was assigned to a support agent."""

    agent_id: UUID
    previous_agent_id: UUID | None
    assigned_by: UUID | None
    assigned_at: AwareDatetime


class TicketResolved(_TicketEvent, event_type="ticket.resolved", aggregate_type="ticket"):
    """A ticket was resolved; the SLA flags say whether its targets were met."""

    resolved_by: UUID
    resolution: str
    first_response_breached: bool
    resolution_breached: bool
    resolved_at: AwareDatetime
