"""``/api/support/tickets``: customers open and follow their tickets, agents work their queues."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from api.events.values import TicketCategory, TicketStatus
from api.kit.access import owner
from api.kit.auth import CurrentPrincipal, Principal, Role, require_roles
from api.kit.deps import Uow, app_state
from api.kit.schemas import Page, Paging
from api.support.schemas import (
    AssignRequest,
    CsatRead,
    MessageCreate,
    MessageRead,
    PriorityChange,
    RatingCreate,
    StatusChange,
    TicketCreate,
    TicketRead,
    TicketSummary,
)
from api.support.service import assignment, lifecycle, tickets
from api.support.service.access import require_staff, ticket_access
from api.support.settings import SupportSettings

router = APIRouter(tags=["support tickets"])

Settings = Annotated[SupportSettings, Depends(app_state("settings"))]
Staff = Annotated[Principal, require_roles(Role.support_agent, Role.admin)]


@router.post("/api/support/tickets", status_code=201)
@owner("the caller's own ticket; order_id must be one of the caller's orders")
async def open_ticket(
    body: TicketCreate, uow: Uow, principal: CurrentPrincipal, settings: Settings
) -> TicketRead:
    """Open a ticket about your own problem (``order_id``: one of your orders)."""
    ticket = await tickets.open_ticket(
        uow,
        settings=settings,
        user_id=principal.user_id,
        subject=body.subject,
        category=body.category,
        order_id=body.order_id,
        message=body.message,
        at=settings.now(),
    )
    await uow.commit()
    return await tickets.ticket_view(uow, await ticket_access(uow, ticket.id, principal))


@router.get("/api/support/tickets")
@owner("customers: their own tickets; agents: their queues' and their assigned; admins all")
async def list_tickets(
    uow: Uow,
    principal: CurrentPrincipal,
    paging: Paging,
    status: TicketStatus | None = None,
    category: TicketCategory | None = None,
    assigned: Annotated[
        Literal["me", "unassigned"] | None, Query(description="agents: mine, or nobody's")
    ] = None,
) -> Page[TicketSummary]:
    """Your tickets; an agent's queues and assigned tickets; every ticket for admins."""
    return await tickets.list_tickets(
        uow, principal=principal, paging=paging, status=status, category=category, assigned=assigned
    )


@router.get("/api/support/tickets/{ticket_id}")
@owner("the ticket's customer (404 to others; no internal notes), its queue's agents, admins")
async def get_ticket(ticket_id: UUID, uow: Uow, principal: CurrentPrincipal) -> TicketRead:
    """One ticket with its messages (customers never see internal notes)."""
    return await tickets.ticket_view(uow, await ticket_access(uow, ticket_id, principal))


@router.post("/api/support/tickets/{ticket_id}/messages", status_code=201)
@owner("the ticket's customer (404 to others), its queue's agents and admins (notes: staff)")
async def add_message(
    ticket_id: UUID, body: MessageCreate, uow: Uow, principal: CurrentPrincipal, settings: Settings
) -> MessageRead:
    """Reply on a ticket; agents may add ``internal`` notes. A customer's reply reopens it."""
    access = await ticket_access(uow, ticket_id, principal, for_update=True)
    message = await lifecycle.add_message(
        uow,
        access,
        author_id=principal.user_id,
        body=body.body,
        internal=body.internal,
        at=settings.now(),
    )
    await uow.commit()
    return MessageRead.model_validate(message)


@router.post("/api/support/tickets/{ticket_id}/assign")
@owner("a ticket of the agent's queue (to oneself; leads and admins: to its agents)")
async def assign_ticket(
    ticket_id: UUID, body: AssignRequest, uow: Uow, principal: Staff, settings: Settings
) -> TicketRead:
    """Take a ticket of your queue, or (leads, admins) give it to an agent of the queue."""
    access = await ticket_access(uow, ticket_id, principal, for_update=True)
    await assignment.assign_by_request(
        uow,
        access.ticket,
        principal=principal,
        agent_id=body.agent_id,
        cap=settings.max_active_per_agent,
        at=settings.now(),
    )
    await uow.commit()
    return await tickets.ticket_view(uow, access)


@router.post("/api/support/tickets/{ticket_id}/status")
@owner("a ticket of the agent's queue or assigned to them; admins any")
async def change_status(
    ticket_id: UUID, body: StatusChange, uow: Uow, principal: Staff, settings: Settings
) -> TicketRead:
    """Move the ticket (in progress, waiting for the customer, resolved, closed); 409 if illegal."""
    access = await ticket_access(uow, ticket_id, principal, for_update=True)
    await lifecycle.change_status(
        uow,
        access,
        target=body.status,
        resolution=body.resolution,
        by=principal.user_id,
        at=settings.now(),
    )
    await uow.commit()
    return await tickets.ticket_view(uow, access)


@router.post("/api/support/tickets/{ticket_id}/priority")
@owner("a ticket of the agent's queue or assigned to them; admins any")
async def change_priority(
    ticket_id: UUID, body: PriorityChange, uow: Uow, principal: Staff, settings: Settings
) -> TicketRead:
    """Set the priority; the SLA due times are recomputed from the opening."""
    access = await ticket_access(uow, ticket_id, principal, for_update=True)
    require_staff(access)
    await lifecycle.change_priority(
        uow,
        access.ticket,
        priority=body.priority,
        by=principal.user_id,
        reason="agent",
        at=settings.now(),
    )
    await uow.commit()
    return await tickets.ticket_view(uow, access)


@router.post("/api/support/tickets/{ticket_id}/rating", status_code=201)
@owner("the ticket's own customer only, once it is resolved")
async def rate_ticket(
    ticket_id: UUID, body: RatingCreate, uow: Uow, principal: CurrentPrincipal, settings: Settings
) -> CsatRead:
    """Rate a resolved ticket of yours, 1–5, once (CSAT)."""
    access = await ticket_access(uow, ticket_id, principal, for_update=True)
    ticket = await lifecycle.rate(
        uow, access, score=body.score, comment=body.comment, at=settings.now()
    )
    await uow.commit()
    assert ticket.csat_score is not None and ticket.rated_at is not None
    return CsatRead(score=ticket.csat_score, comment=ticket.csat_comment, rated_at=ticket.rated_at)
