"""Assignment: the available agent of the ticket's category with the fewest active tickets.

Candidates are locked (``FOR UPDATE``, in user-id order, so two assignments never deadlock)
before their loads are counted: two tickets assigned at the same moment queue behind each other
and never push an agent past the cap. The cap applies to every new assignment; a reopened
ticket stays with its agent, and an escalation goes to a lead even at the cap (a breach must
reach someone).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select

from api.events import TicketAssigned
from api.kit.auth import Principal
from api.kit.errors import Forbidden, Unprocessable
from api.kit.uow import UnitOfWork
from api.support.errors import AgentAtCapacity, AgentNotFound, NotInQueue
from api.support.models import Agent, Ticket
from api.support.service.access import agent_of
from api.support.service.events import publish
from api.support.statuses import ACTIVE


async def active_loads(uow: UnitOfWork, agent_ids: Iterable[UUID]) -> dict[UUID, int]:
    """Active tickets (open, in progress, waiting) per agent."""
    ids = list(agent_ids)
    if not ids:
        return {}
    rows = await uow.session.execute(
        select(Ticket.assigned_agent_id, func.count())
        .where(Ticket.assigned_agent_id.in_(ids), Ticket.status.in_([s.value for s in ACTIVE]))
        .group_by(Ticket.assigned_agent_id)
    )
    loads = {agent_id: 0 for agent_id in ids}
    loads.update({agent_id: int(count) for agent_id, count in rows.all() if agent_id})
    return loads


async def pick_agent(
    uow: UnitOfWork,
    *,
    category: str,
    cap: int | None,
    leads_only: bool = False,
    exclude: UUID | None = None,
) -> Agent | None:
    """The least-loaded available agent of ``category`` under ``cap`` (locked), if any."""
    query = (
        select(Agent)
        .where(
            Agent.active.is_(True),
            Agent.available.is_(True),
            Agent.categories.contains([category]),
        )
        .order_by(Agent.user_id)
        .with_for_update()
    )
    if leads_only:
        query = query.where(Agent.is_lead.is_(True))
    candidates = [a for a in (await uow.session.scalars(query)).all() if a.user_id != exclude]
    loads = await active_loads(uow, (a.user_id for a in candidates))
    eligible = [a for a in candidates if cap is None or loads[a.user_id] < cap]
    if not eligible:
        return None
    return min(eligible, key=lambda a: (loads[a.user_id], a.user_id))


async def give(
    uow: UnitOfWork, ticket: Ticket, agent_id: UUID, *, by: UUID | None, at: datetime
) -> None:
    """Assign ``ticket`` to ``agent_id`` and announce it (no change when it already is)."""
    if ticket.assigned_agent_id == agent_id:
        return
    previous, ticket.assigned_agent_id, ticket.updated_at = ticket.assigned_agent_id, agent_id, at
    await publish(
        uow,
        ticket,
        TicketAssigned,
        agent_id=agent_id,
        previous_agent_id=previous,
        assigned_by=by,
        assigned_at=at,
    )


async def auto_assign(uow: UnitOfWork, ticket: Ticket, *, cap: int, at: datetime) -> bool:
    """Give an unassigned ticket to the least-loaded available agent of its queue."""
    if ticket.assigned_agent_id is not None:
        return True
    agent = await pick_agent(uow, category=ticket.category, cap=cap)
    if agent is None:
        return False
    await give(uow, ticket, agent.user_id, by=None, at=at)
    return True


async def _lock_agent(uow: UnitOfWork, user_id: UUID) -> Agent | None:
    agent = await uow.session.scalar(
        select(Agent).where(Agent.user_id == user_id, Agent.active.is_(True)).with_for_update()
    )
    return agent


async def assign_by_request(
    uow: UnitOfWork,
    ticket: Ticket,
    *,
    principal: Principal,
    agent_id: UUID | None,
    cap: int,
    at: datetime,
) -> None:
    """An agent takes a ticket of their queue; a lead of the queue or an admin names an agent."""
    target_id = agent_id or principal.user_id
    caller = await agent_of(uow, principal)
    if not principal.is_admin:
        if caller is None:
            raise Forbidden("Only support agents and admins assign tickets")
        if ticket.category not in caller.categories:
            raise NotInQueue(ticket.category)
        if target_id != principal.user_id and not caller.is_lead:
            raise Forbidden("Only a lead of this queue assigns tickets to others")
    if ticket.assigned_agent_id == target_id:
        return
    target = await _lock_agent(uow, target_id)
    if target is None:
        if agent_id is None:  # an admin taking a ticket for themselves
            raise Unprocessable("Admins name the agent to assign", field="agent_id")
        raise AgentNotFound(target_id)
    if ticket.category not in target.categories:
        raise Unprocessable(
            f"This agent does not work the {ticket.category!r} queue", field="agent_id"
        )
    if (await active_loads(uow, [target_id]))[target_id] >= cap:
        raise AgentAtCapacity(cap)
    await give(uow, ticket, target_id, by=principal.user_id, at=at)
