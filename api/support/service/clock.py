"""A ticket's SLA clock in the database: its pauses as rows, its due instants as columns.

The pure clock (``api.support.sla``) computes; this module loads the pauses, opens and closes
them as the status moves in and out of the paused statuses, and writes the recomputed due and
warning instants back on the ticket (a met target has none).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from api.kit.uow import UnitOfWork
from api.support.models import Ticket, TicketPause
from api.support.sla import Pause, SlaClock, deadlines, national_holidays
from api.support.statuses import CLOCK_STOPPED, Status


async def load_clock(uow: UnitOfWork, ticket: Ticket) -> SlaClock:
    """The ticket's clock: its opening and every pause since."""
    rows = (
        await uow.session.scalars(
            select(TicketPause)
            .where(TicketPause.ticket_id == ticket.id)
            .order_by(TicketPause.started_at, TicketPause.id)
        )
    ).all()
    return SlaClock(
        opened_at=ticket.created_at,
        pauses=tuple(Pause(row.started_at, row.ended_at) for row in rows),
    )


def write_deadlines(ticket: Ticket, clock: SlaClock) -> None:
    """Store the clock's due and warning instants for the ticket's priority."""
    due = deadlines(clock, ticket.priority, national_holidays())
    responded = ticket.first_responded_at is not None
    ticket.first_response_due_at = None if responded else due.first_response_due
    ticket.first_response_warning_at = None if responded else due.first_response_warning
    ticket.resolution_due_at = due.resolution_due
    ticket.resolution_warning_at = due.resolution_warning


async def follow_status(uow: UnitOfWork, ticket: Ticket, *, at: datetime) -> SlaClock:
    """Pause or resume the clock to match the ticket's (new) status, then recompute."""
    clock = await load_clock(uow, ticket)
    should_pause = Status(ticket.status) in CLOCK_STOPPED
    if should_pause and not clock.paused:
        clock = clock.pause(at)
        uow.session.add(TicketPause(ticket_id=ticket.id, started_at=clock.pauses[-1].started))
    elif not should_pause and clock.paused:
        clock = clock.resume(at)
        open_pause = await uow.session.scalar(
            select(TicketPause).where(
                TicketPause.ticket_id == ticket.id, TicketPause.ended_at.is_(None)
            )
        )
        if open_pause is not None:
            open_pause.ended_at = clock.pauses[-1].ended
    write_deadlines(ticket, clock)
    return clock


async def business_elapsed(uow: UnitOfWork, ticket: Ticket, *, at: datetime) -> timedelta:
    """Business time the ticket's clock has run from its opening until ``at``."""
    return (await load_clock(uow, ticket)).elapsed(at, national_holidays())


async def recompute(uow: UnitOfWork, ticket: Ticket) -> None:
    """Recompute the due instants (after a priority change or a first response)."""
    write_deadlines(ticket, await load_clock(uow, ticket))
