"""Opening tickets (a customer's, or a return request's) and reading them back.

A new ticket starts ``open`` at ``medium`` priority with its clock running; the first message
is matched against the FAQs (a good match is answered at once and the ticket stays open), and
the ticket goes to the least-loaded available agent of its queue (or waits for one: the
assignment job retries).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Select, func, or_, select
from sqlalchemy.dialects.postgresql import insert

from api.events import TicketCreated, TicketMessageAdded
from api.kit.auth import Principal
from api.kit.errors import Unprocessable
from api.kit.numbering import next_number
from api.kit.schemas import Page, PageParams
from api.kit.uow import UnitOfWork
from api.support.models import KnownOrder, Ticket, TicketMessage, ticket_numbers
from api.support.schemas import CsatRead, MessageRead, SlaRead, TicketRead, TicketSummary
from api.support.service import assignment, clock, faqs
from api.support.service.access import TicketAccess, agent_of
from api.support.service.events import publish
from api.support.settings import SupportSettings
from api.support.sla import Priority, SlaClock
from api.support.statuses import CLOCK_STOPPED, Status

DEFAULT_PRIORITY = Priority.medium


async def remember_order(
    uow: UnitOfWork, *, order_id: UUID, user_id: UUID, number: str, at: datetime
) -> None:
    """Note whose an order is (``order.created``), so tickets can be linked to it."""
    await uow.session.execute(
        insert(KnownOrder)
        .values(order_id=order_id, user_id=user_id, order_number=number, created_at=at)
        .on_conflict_do_nothing()
    )


async def _check_order(uow: UnitOfWork, order_id: UUID | None, user_id: UUID) -> None:
    if order_id is None:
        return
    owner = await uow.session.scalar(
        select(KnownOrder.user_id).where(KnownOrder.order_id == order_id)
    )
    if owner != user_id:
        raise Unprocessable("No order of yours has this id", field="order_id")


async def open_ticket(
    uow: UnitOfWork,
    *,
    settings: SupportSettings,
    user_id: UUID,
    subject: str,
    category: str,
    message: str,
    at: datetime,
    order_id: UUID | None = None,
    source: str = "customer",
    return_id: UUID | None = None,
) -> Ticket:
    """Open a ticket with its first message; FAQ answer and assignment follow at once."""
    if source == "customer":
        await _check_order(uow, order_id, user_id)
    ticket = Ticket(
        id=uuid4(),
        number=await next_number(uow.session, ticket_numbers, "TKT", at),
        user_id=user_id,
        order_id=order_id,
        return_id=return_id,
        category=category,
        priority=DEFAULT_PRIORITY.value,
        opening_priority=DEFAULT_PRIORITY.value,
        status=Status.open.value,
        subject=subject,
        source=source,
        created_at=at,
        updated_at=at,
    )
    clock.write_deadlines(ticket, SlaClock(opened_at=at))  # a new clock runs from the opening
    uow.session.add(ticket)
    uow.session.add(
        TicketMessage(
            id=uuid4(),
            ticket_id=ticket.id,
            author_id=user_id,
            kind="customer",
            body=message,
            created_at=at,
        )
    )
    await uow.session.flush()
    assert ticket.first_response_due_at and ticket.resolution_due_at
    await publish(
        uow,
        ticket,
        TicketCreated,
        subject=subject,
        source=source,
        first_response_due_at=ticket.first_response_due_at,
        resolution_due_at=ticket.resolution_due_at,
        created_at=at,
    )
    if source == "customer":
        await _answer_from_faqs(uow, ticket, message, settings=settings, at=at)
    await assignment.auto_assign(uow, ticket, cap=settings.max_active_per_agent, at=at)
    return ticket


async def _answer_from_faqs(
    uow: UnitOfWork, ticket: Ticket, message: str, *, settings: SupportSettings, at: datetime
) -> None:
    match = await faqs.best_match(
        uow,
        message,
        min_coverage=settings.faq_min_coverage,
        min_matches=settings.faq_min_matches,
    )
    if match is None:
        return
    await add_auto_message(uow, ticket, match.faq.answer, at=at, faq_id=match.faq.id)


async def add_auto_message(
    uow: UnitOfWork, ticket: Ticket, body: str, *, at: datetime, faq_id: UUID | None = None
) -> TicketMessage:
    """A message without an author (an FAQ answer, a return's progress), seen by the customer;
    it never counts as an agent's first response."""
    message = TicketMessage(
        id=uuid4(),
        ticket_id=ticket.id,
        author_id=None,
        kind="auto",
        body=body,
        faq_id=faq_id,
        created_at=at,
    )
    uow.session.add(message)
    ticket.updated_at = max(ticket.updated_at, at)
    await publish(
        uow,
        ticket,
        TicketMessageAdded,
        message_id=message.id,
        author_id=None,
        author_kind="auto",
        agent_id=ticket.assigned_agent_id,
        is_first_response=False,
        first_response_business_seconds=None,
        first_response_breached=False,
        created_at=at,
    )
    await uow.session.flush()
    return message


def sla_view(ticket: Ticket) -> SlaRead:
    """The ticket's SLA as the API shows it."""
    return SlaRead(
        first_response_due=ticket.first_response_due_at,
        resolution_due=ticket.resolution_due_at,
        first_response_breached=ticket.first_response_breached_at is not None,
        resolution_breached=ticket.resolution_breached_at is not None,
        paused=Status(ticket.status) in CLOCK_STOPPED,
        escalated=ticket.escalated_at is not None,
    )


def _summary_fields(ticket: Ticket) -> dict[str, Any]:
    return {
        "id": ticket.id,
        "number": ticket.number,
        "user_id": ticket.user_id,
        "order_id": ticket.order_id,
        "subject": ticket.subject,
        "category": ticket.category,
        "priority": ticket.priority,
        "status": ticket.status,
        "source": ticket.source,
        "assigned_agent_id": ticket.assigned_agent_id,
        "created_at": ticket.created_at,
        "updated_at": ticket.updated_at,
        "first_responded_at": ticket.first_responded_at,
        "resolved_at": ticket.resolved_at,
        "closed_at": ticket.closed_at,
        "sla": sla_view(ticket),
    }


async def ticket_view(uow: UnitOfWork, access: TicketAccess) -> TicketRead:
    """The ticket with the messages its caller may see (internal notes for staff only)."""
    ticket = access.ticket
    query = select(TicketMessage).where(TicketMessage.ticket_id == ticket.id)
    if not access.staff:
        query = query.where(TicketMessage.kind != "internal_note")
    messages = (await uow.session.scalars(query.order_by(TicketMessage.seq))).all()
    csat = (
        CsatRead(score=ticket.csat_score, comment=ticket.csat_comment, rated_at=ticket.rated_at)
        if ticket.csat_score is not None and ticket.rated_at is not None
        else None
    )
    return TicketRead(
        **_summary_fields(ticket),
        resolution=ticket.resolution,
        csat=csat,
        messages=[MessageRead.model_validate(m) for m in messages],
    )


async def _visible(uow: UnitOfWork, principal: Principal) -> Select[Any]:
    query = select(Ticket)
    if principal.is_admin:
        return query
    agent = await agent_of(uow, principal)
    if agent is None:
        return query.where(Ticket.user_id == principal.user_id)
    return query.where(
        or_(
            Ticket.category.in_(agent.categories),
            Ticket.assigned_agent_id == agent.user_id,
            Ticket.user_id == principal.user_id,
        )
    )


async def list_tickets(
    uow: UnitOfWork,
    *,
    principal: Principal,
    paging: PageParams,
    status: str | None = None,
    category: str | None = None,
    assigned: str | None = None,
) -> Page[TicketSummary]:
    """The tickets the caller may see, newest first (agents: their queues and their own)."""
    query = await _visible(uow, principal)
    if status is not None:
        query = query.where(Ticket.status == status)
    if category is not None:
        query = query.where(Ticket.category == category)
    if assigned == "me":
        query = query.where(Ticket.assigned_agent_id == principal.user_id)
    elif assigned == "unassigned":
        query = query.where(Ticket.assigned_agent_id.is_(None))
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = (
        await uow.session.scalars(
            query.order_by(Ticket.created_at.desc(), Ticket.id)
            .offset(paging.offset)
            .limit(paging.page_size)
        )
    ).all()
    return Page(
        items=[TicketSummary(**_summary_fields(t)) for t in rows],
        total=int(total or 0),
        page=paging.page,
        page_size=paging.page_size,
    )
