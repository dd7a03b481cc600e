"""Who may see and work a ticket.

- a customer (any non-staff caller) sees only their own tickets; another's answers 404, so a
  ticket's existence never leaks, and internal notes are never shown to them;
- an agent works the queues (categories) an admin gave them, and tickets assigned to them;
  a ticket outside those answers 403 (staff may know it exists, and are told why);
- admins see and work everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select

from api.kit.auth import Principal, Role
from api.kit.uow import UnitOfWork
from api.support.errors import NotInQueue, TicketNotFound
from api.support.models import Agent, Ticket


@dataclass(frozen=True)
class TicketAccess:
    """A ticket and how its caller sees it."""

    ticket: Ticket
    staff: bool  # works it as an agent or admin (sees internal notes)
    owner: bool


async def agent_of(uow: UnitOfWork, principal: Principal) -> Agent | None:
    """The caller's agent record, when the caller is an active support agent."""
    if principal.role is not Role.support_agent:
        return None
    agent = await uow.session.get(Agent, principal.user_id)
    return agent if agent is not None and agent.active else None


def works(agent: Agent | None, ticket: Ticket) -> bool:
    """Whether ``agent`` works ``ticket``: its queue, or assigned to them."""
    if agent is None:
        return False
    return ticket.category in agent.categories or ticket.assigned_agent_id == agent.user_id


async def ticket_access(
    uow: UnitOfWork, ticket_id: UUID, principal: Principal, *, for_update: bool = False
) -> TicketAccess:
    """The ticket as ``principal`` may see it (404 for another's, 403 outside an agent's queue)."""
    query = select(Ticket).where(Ticket.id == ticket_id)
    if for_update:
        query = query.with_for_update()
    ticket = await uow.session.scalar(query)
    if ticket is None:
        raise TicketNotFound(ticket_id)
    owner = ticket.user_id == principal.user_id
    if principal.is_admin:
        return TicketAccess(ticket, staff=True, owner=owner)
    if principal.role is Role.support_agent:
        if works(await agent_of(uow, principal), ticket):
            return TicketAccess(ticket, staff=True, owner=owner)
        if owner:
            return TicketAccess(ticket, staff=False, owner=True)
        raise NotInQueue(ticket.category)
    if not owner:
        raise TicketNotFound(ticket_id)
    return TicketAccess(ticket, staff=False, owner=True)


def require_staff(access: TicketAccess) -> None:
    """403 unless the caller works the ticket (agents' and admins' actions)."""
    if not access.staff:
        raise NotInQueue(access.ticket.category)
