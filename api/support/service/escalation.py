"""The SLA watch (a periodic job on the service's clock): warnings at 80 %, breaches at 100 %.

Each warning and each breach is announced once (the ticket records when). A ticket's first
breach escalates it, once: priority one level up (its due times recomputed from the opening)
and reassigned to the least-loaded available lead of its queue — even one at the cap, since a
breach must reach someone — or kept by its agent when the queue has no lead free. Later
breaches of the same ticket are flagged and announced without escalating again.

Tickets are locked with ``SKIP LOCKED``: a ticket being answered right now is looked at on the
next run, and two workers never announce the same breach twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.sql.elements import ColumnElement

from api.events import TicketSlaBreached, TicketSlaWarning
from api.kit.uow import UnitOfWork
from api.support.models import Ticket
from api.support.service import assignment, lifecycle
from api.support.service.events import publish
from api.support.sla import escalated

Target = Literal["first_response", "resolution"]
TARGETS: tuple[Target, ...] = ("first_response", "resolution")


@dataclass
class WatchReport:
    """What one run of the watch did (logged, and read by tests)."""

    warnings: list[tuple[str, Target]] = field(default_factory=list)
    breaches: list[tuple[str, Target]] = field(default_factory=list)
    escalated: list[str] = field(default_factory=list)


def _still_running(target: Target) -> ColumnElement[bool]:
    if target == "first_response":
        return Ticket.first_responded_at.is_(None)
    return Ticket.status != "closed"


async def _due(
    uow: UnitOfWork,
    target: Target,
    *,
    kind: Literal["warning", "breach"],
    now: datetime,
    limit: int,
) -> list[Ticket]:
    instant = getattr(Ticket, f"{target}_warning_at" if kind == "warning" else f"{target}_due_at")
    done = getattr(Ticket, f"{target}_warned_at" if kind == "warning" else f"{target}_breached_at")
    query = (
        select(Ticket)
        .where(
            instant <= now,
            done.is_(None),
            getattr(Ticket, f"{target}_breached_at").is_(None),
            _still_running(target),
        )
        .order_by(instant, Ticket.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list((await uow.session.scalars(query)).all())


async def watch(uow: UnitOfWork, *, now: datetime, limit: int) -> WatchReport:
    """Announce every warning and breach due at ``now`` (escalating first breaches)."""
    report = WatchReport()
    for target in TARGETS:
        for ticket in await _due(uow, target, kind="warning", now=now, limit=limit):
            setattr(ticket, f"{target}_warned_at", now)
            await publish(
                uow,
                ticket,
                TicketSlaWarning,
                target=target,
                due_at=getattr(ticket, f"{target}_due_at"),
                agent_id=ticket.assigned_agent_id,
                warned_at=now,
            )
            report.warnings.append((ticket.number, target))
        for ticket in await _due(uow, target, kind="breach", now=now, limit=limit):
            await _breach(uow, ticket, target, now=now, report=report)
    return report


async def _breach(
    uow: UnitOfWork, ticket: Ticket, target: Target, *, now: datetime, report: WatchReport
) -> None:
    due_at = getattr(ticket, f"{target}_due_at")
    setattr(ticket, f"{target}_breached_at", now)
    if getattr(ticket, f"{target}_warned_at") is None:  # the warning's moment passed unseen
        setattr(ticket, f"{target}_warned_at", now)
    previous_priority, previous_agent = ticket.priority, ticket.assigned_agent_id
    first_breach = ticket.escalated_at is None
    if first_breach:
        ticket.escalated_at = now
        lead = await assignment.pick_agent(
            uow, category=ticket.category, cap=None, leads_only=True, exclude=previous_agent
        )
        if lead is not None:
            await assignment.give(uow, ticket, lead.user_id, by=None, at=now)
        await lifecycle.change_priority(
            uow, ticket, priority=escalated(ticket.priority), by=None, reason="escalation", at=now
        )
        report.escalated.append(ticket.number)
    ticket.updated_at = now
    await publish(
        uow,
        ticket,
        TicketSlaBreached,
        target=target,
        due_at=due_at,
        escalated=first_breach,
        previous_priority=previous_priority,
        previous_agent_id=previous_agent,
        agent_id=ticket.assigned_agent_id,
        breached_at=now,
    )
    report.breaches.append((ticket.number, target))
