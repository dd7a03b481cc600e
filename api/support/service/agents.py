"""Agents: learnt from auth's ``user.*`` events, managed by admins, waiting tickets handed out.

A user whose role becomes ``support_agent`` joins the desk available but with no queue (an
admin gives the categories they work); one whose role changes away leaves it: marked inactive,
their active tickets go back to their queues for the assignment job to hand out again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from api.kit.schemas import Page, PageParams
from api.kit.uow import UnitOfWork
from api.support.errors import AgentNotFound
from api.support.models import Agent, KnownUser, Ticket
from api.support.schemas import AgentRead
from api.support.service import assignment
from api.support.statuses import ACTIVE

AGENT_ROLE = "support_agent"


async def learn_user(
    uow: UnitOfWork,
    *,
    user_id: UUID,
    role: str,
    at: datetime,
    email: str | None = None,
    full_name: str | None = None,
) -> None:
    """Remember a user's role (and name), and follow it onto or off the desk."""
    values: dict[str, Any] = {"user_id": user_id, "role": role, "updated_at": at}
    if email is not None:
        values |= {"email": email, "full_name": full_name}
    statement = insert(KnownUser).values(**values)
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=[KnownUser.user_id],
            set_={k: statement.excluded[k] for k in values if k != "user_id"},
        )
    )
    known = await uow.session.get(KnownUser, user_id, populate_existing=True)
    agent = await uow.session.get(Agent, user_id, with_for_update=True)
    if role == AGENT_ROLE:
        if agent is None:
            uow.session.add(
                Agent(
                    user_id=user_id,
                    email=known.email if known else None,
                    full_name=known.full_name if known else None,
                    active=True,
                    available=True,
                    categories=[],
                    is_lead=False,
                    created_at=at,
                    updated_at=at,
                )
            )
        else:
            agent.active, agent.updated_at = True, at
    elif agent is not None and agent.active:
        agent.active, agent.available, agent.updated_at = False, False, at
        await uow.session.execute(
            update(Ticket)
            .where(
                Ticket.assigned_agent_id == user_id,
                Ticket.status.in_([s.value for s in ACTIVE]),
            )
            .values(assigned_agent_id=None, updated_at=at)
        )


async def _view(uow: UnitOfWork, agents: list[Agent]) -> list[AgentRead]:
    loads = await assignment.active_loads(uow, (a.user_id for a in agents))
    return [
        AgentRead.model_validate(a).model_copy(update={"active_tickets": loads[a.user_id]})
        for a in agents
    ]


async def get_agent(uow: UnitOfWork, user_id: UUID) -> AgentRead:
    """One agent with their current load, or 404."""
    agent = await uow.session.get(Agent, user_id)
    if agent is None:
        raise AgentNotFound(user_id)
    return (await _view(uow, [agent]))[0]


async def update_agent(
    uow: UnitOfWork, user_id: UUID, *, changes: dict[str, Any], at: datetime
) -> AgentRead:
    """Admins set availability, queues and lead status (404 for a user who is not an agent)."""
    agent = await uow.session.get(Agent, user_id, with_for_update=True)
    if agent is None or not agent.active:
        raise AgentNotFound(user_id)
    for name, value in changes.items():
        setattr(agent, name, value)
    agent.updated_at = at
    await uow.session.flush()
    return (await _view(uow, [agent]))[0]


async def list_agents(
    uow: UnitOfWork, *, paging: PageParams, category: str | None = None
) -> Page[AgentRead]:
    """Active agents (optionally of one queue) with their loads."""
    query = select(Agent).where(Agent.active.is_(True))
    if category is not None:
        query = query.where(Agent.categories.contains([category]))
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = (
        await uow.session.scalars(
            query.order_by(Agent.full_name, Agent.user_id)
            .offset(paging.offset)
            .limit(paging.page_size)
        )
    ).all()
    return Page(
        items=await _view(uow, list(rows)),
        total=int(total or 0),
        page=paging.page,
        page_size=paging.page_size,
    )


async def assign_waiting(uow: UnitOfWork, *, cap: int, at: datetime, limit: int) -> int:
    """Hand unassigned active tickets, oldest first, to agents with room; returns how many."""
    tickets = (
        await uow.session.scalars(
            select(Ticket)
            .where(
                Ticket.assigned_agent_id.is_(None),
                Ticket.status.in_([s.value for s in ACTIVE]),
            )
            .order_by(Ticket.created_at, Ticket.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    ).all()
    assigned = 0
    for ticket in tickets:
        if await assignment.auto_assign(uow, ticket, cap=cap, at=at):
            assigned += 1
    return assigned
