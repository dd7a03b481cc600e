"""A ticket's life after opening: messages, status moves, priority changes, CSAT, auto-close.

Every change moves the SLA clock with it: entering ``waiting_customer`` or ``resolved`` pauses
it, leaving them resumes it, a priority change recomputes the due times from the opening, and
the first agent reply meets the first-response target (late, if its due time had passed and
the SLA job had not flagged it yet: the flag is set then, without a second escalation).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy import select

from api.events import (
    TicketMessageAdded,
    TicketPriorityChanged,
    TicketRated,
    TicketResolved,
    TicketStatusChanged,
)
from api.kit.errors import Forbidden, Unprocessable
from api.kit.uow import UnitOfWork
from api.support.errors import AlreadyRated, IllegalTransition
from api.support.models import Ticket, TicketMessage
from api.support.service import clock
from api.support.service.access import TicketAccess, require_staff
from api.support.service.events import publish
from api.support.statuses import Status, advance, after_customer_reply


async def move(
    uow: UnitOfWork,
    ticket: Ticket,
    target: Status,
    *,
    at: datetime,
    by: UUID | None,
    reason: str,
    resolution: str | None = None,
) -> None:
    """Move ``ticket`` to ``target`` (409 if illegal), with its clock and its events."""
    old = Status(ticket.status)
    advance(old, target)
    if target is Status.resolved:
        # measured before the clock pauses: the business time it took to resolve
        took = await clock.business_elapsed(uow, ticket, at=at)
        _flag_late(ticket, "resolution", at)
        ticket.resolved_at, ticket.resolution = at, resolution
    if target is Status.closed:
        ticket.closed_at = at
    ticket.status, ticket.updated_at = target.value, at
    await clock.follow_status(uow, ticket, at=at)
    await publish(
        uow,
        ticket,
        TicketStatusChanged,
        old_status=old.value,
        new_status=target.value,
        changed_by=by,
        reason=reason,
        agent_id=ticket.assigned_agent_id,
        changed_at=at,
    )
    if target is Status.resolved:
        await publish(
            uow,
            ticket,
            TicketResolved,
            resolved_by=by or ticket.assigned_agent_id or ticket.user_id,
            resolution=resolution or "",
            first_response_breached=ticket.first_response_breached_at is not None,
            resolution_breached=ticket.resolution_breached_at is not None,
            resolved_at=at,
            resolution_business_seconds=int(took.total_seconds()),
        )


def _flag_late(ticket: Ticket, target: str, at: datetime) -> None:
    """A target met after its due time is breached, even if the SLA job had not seen it yet."""
    due = getattr(ticket, f"{target}_due_at")
    if due is not None and due <= at and getattr(ticket, f"{target}_breached_at") is None:
        setattr(ticket, f"{target}_breached_at", at)


async def change_status(
    uow: UnitOfWork,
    access: TicketAccess,
    *,
    target: str,
    resolution: str | None,
    by: UUID,
    at: datetime,
) -> None:
    """An agent (or admin) moves the ticket; resolving names the resolution."""
    require_staff(access)
    status = Status(target)
    if status is Status.resolved and not resolution:
        raise Unprocessable("Say how the ticket was resolved", field="resolution")
    if status is not Status.resolved and resolution is not None:
        raise Unprocessable("A resolution goes with status 'resolved' only", field="resolution")
    await move(uow, access.ticket, status, at=at, by=by, reason="agent", resolution=resolution)


async def add_message(
    uow: UnitOfWork,
    access: TicketAccess,
    *,
    author_id: UUID,
    body: str,
    internal: bool,
    at: datetime,
) -> TicketMessage:
    """A reply: the customer's (reopens a resolved ticket), an agent's, or an internal note."""
    ticket = access.ticket
    if internal and not access.staff:
        raise Unprocessable("Only agents write internal notes", field="internal")
    if not access.staff and Status(ticket.status) is Status.closed:
        raise IllegalTransition(
            ticket.status, Status.open.value, detail="This ticket is closed; open a new one"
        )
    kind = "internal_note" if internal else ("agent" if access.staff else "customer")
    message = TicketMessage(
        id=uuid4(), ticket_id=ticket.id, author_id=author_id, kind=kind, body=body, created_at=at
    )
    uow.session.add(message)
    ticket.updated_at = at
    if kind == "internal_note":
        await uow.session.flush()
        return message
    first: timedelta | None = None
    if kind == "agent" and ticket.first_responded_at is None:
        first = await clock.business_elapsed(uow, ticket, at=at)
        _flag_late(ticket, "first_response", at)
        ticket.first_responded_at = at
        await clock.recompute(uow, ticket)
    await publish(
        uow,
        ticket,
        TicketMessageAdded,
        message_id=message.id,
        author_id=author_id,
        author_kind=kind,
        agent_id=ticket.assigned_agent_id,
        is_first_response=first is not None,
        first_response_business_seconds=int(first.total_seconds()) if first is not None else None,
        first_response_breached=first is not None and ticket.first_response_breached_at is not None,
        created_at=at,
    )
    if kind == "customer":
        target = after_customer_reply(ticket.status, assigned=ticket.assigned_agent_id is not None)
        if target is not None:
            await move(uow, ticket, target, at=at, by=author_id, reason="customer_reply")
    elif Status(ticket.status) is Status.open:
        await move(uow, ticket, Status.in_progress, at=at, by=author_id, reason="agent")
    await uow.session.flush()
    return message


async def change_priority(
    uow: UnitOfWork,
    ticket: Ticket,
    *,
    priority: str,
    by: UUID | None,
    reason: str,
    at: datetime,
) -> None:
    """A new priority; the due times are recomputed from the opening with its targets."""
    old = ticket.priority
    if old == priority:
        return
    ticket.priority, ticket.updated_at = priority, at
    await clock.recompute(uow, ticket)
    await publish(
        uow,
        ticket,
        TicketPriorityChanged,
        old_priority=old,
        changed_by=by,
        reason=reason,
        first_response_due_at=ticket.first_response_due_at,
        resolution_due_at=ticket.resolution_due_at,
        changed_at=at,
    )


async def rate(
    uow: UnitOfWork,
    access: TicketAccess,
    *,
    score: int,
    comment: str | None,
    at: datetime,
) -> Ticket:
    """The customer's CSAT, once, after resolution."""
    ticket = access.ticket
    if not access.owner:
        raise Forbidden("Only the customer who opened the ticket rates it")
    if Status(ticket.status) not in (Status.resolved, Status.closed):
        raise IllegalTransition(
            ticket.status, "rated", detail="A ticket is rated once it has been resolved"
        )
    if ticket.rated_at is not None:
        raise AlreadyRated()
    ticket.csat_score, ticket.csat_comment, ticket.rated_at = score, comment, at
    await publish(
        uow, ticket, TicketRated, score=score, agent_id=ticket.assigned_agent_id, rated_at=at
    )
    return ticket


async def close_resolved(uow: UnitOfWork, *, now: datetime, after: timedelta, limit: int) -> int:
    """Close tickets resolved longer than ``after`` ago (DOMAIN.md: 7 days)."""
    tickets = (
        await uow.session.scalars(
            select(Ticket)
            .where(Ticket.status == Status.resolved.value, Ticket.resolved_at <= now - after)
            .order_by(Ticket.resolved_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    ).all()
    for ticket in tickets:
        await move(uow, ticket, Status.closed, at=now, by=None, reason="auto_close")
    return len(tickets)
