"""``ticket.*`` events, produced by support onto ``ticket.events``.

Internal notes are never published: every consumer (notifications to customers, analytics) may
only learn what the customer may see. Durations are *business* seconds (08:00–22:00 WIB on days
that are not national holidays, pauses excluded) as the service's SLA clock counts them, so the
data platform never re-implements the calendar.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime

from api.events.base import EventPayload
from api.events.values import Count, Rating, TicketCategory, TicketPriority, TicketStatus

SlaTarget = Literal["first_response", "resolution"]


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


class TicketMessageAdded(_TicketEvent, event_type="ticket.message_added", aggregate_type="ticket"):
    """A message the customer can see was added (never an internal note); ``auto`` is an FAQ
    answer or a return's progress (goods received, refund paid). An agent's first reply carries
    the first-response time in business seconds, and whether it came after the target's due
    time."""

    message_id: UUID
    author_id: UUID | None
    author_kind: Literal["customer", "agent", "auto"]
    agent_id: UUID | None
    is_first_response: bool
    first_response_business_seconds: Count | None
    first_response_breached: bool = False
    created_at: AwareDatetime


class TicketStatusChanged(
    _TicketEvent, event_type="ticket.status_changed", aggregate_type="ticket"
):
    """A ticket moved in its status machine (an agent, a customer's reply, the auto-close, a
    return's refund paid)."""

    old_status: TicketStatus
    new_status: TicketStatus
    changed_by: UUID | None
    reason: Literal["agent", "customer_reply", "auto_close", "refund_paid"]
    agent_id: UUID | None
    changed_at: AwareDatetime


class TicketPriorityChanged(
    _TicketEvent, event_type="ticket.priority_changed", aggregate_type="ticket"
):
    """A ticket's priority changed (an agent, or an SLA breach escalating it); its due times
    were recomputed from the opening (null while the clock is paused or the target is met)."""

    old_priority: TicketPriority
    changed_by: UUID | None
    reason: Literal["agent", "escalation"]
    first_response_due_at: AwareDatetime | None
    resolution_due_at: AwareDatetime | None
    changed_at: AwareDatetime


class TicketSlaWarning(_TicketEvent, event_type="ticket.sla_warning", aggregate_type="ticket"):
    """80 % of an SLA target's business time has passed without it being met."""

    target: SlaTarget
    due_at: AwareDatetime
    agent_id: UUID | None
    warned_at: AwareDatetime


class TicketSlaBreached(_TicketEvent, event_type="ticket.sla_breached", aggregate_type="ticket"):
    """An SLA target passed unmet. The first breach of a ticket escalates it once: priority one
    level up (``priority`` is the new one) and reassigned to a lead (``agent_id``)."""

    target: SlaTarget
    due_at: AwareDatetime
    escalated: bool
    previous_priority: TicketPriority
    previous_agent_id: UUID | None
    agent_id: UUID | None
    breached_at: AwareDatetime


class TicketResolved(_TicketEvent, event_type="ticket.resolved", aggregate_type="ticket"):
    """A ticket was resolved; the SLA flags say whether its targets were met."""

    resolved_by: UUID
    resolution: str
    first_response_breached: bool
    resolution_breached: bool
    resolved_at: AwareDatetime
    # business seconds from opening to this resolution, pauses excluded (the SLA clock's count)
    resolution_business_seconds: Count | None = None


class TicketRated(_TicketEvent, event_type="ticket.rated", aggregate_type="ticket"):
    """The customer rated how a resolved ticket was handled (CSAT, 1–5)."""

    score: Rating
    agent_id: UUID | None
    rated_at: AwareDatetime
