"""A return's ticket follows the order's return from request to refund.

- ``order.return_requested`` opens a ``return`` ticket linked to the order (once per return),
  assigned like any other;
- ``order.returned`` (the goods arrived back) tells the customer on the ticket which lines came
  back and what refund follows (the lines' totals, plus shipping when the whole order came back);
- the refund paid resolves the ticket: for a **partial** return it is ``order.completed`` with
  ``completed_by = partial_return`` (it names the return and the refunded amount); a **full**
  return ends the order ``refunded`` without an order event, so its refund is the order's
  ``refund.completed`` paid at or after the goods' receipt. Payment and order events travel on
  different topics, so a refund may arrive before the receipt: refunds paid are remembered per
  order and matched when the receipt comes.

The progress messages are ``auto`` messages (no author): customers see them, agents too, and the
SLA clock treats them like an FAQ answer (they are not an agent's first response). A ticket an
agent already resolved is not resolved again; a closed one is left alone.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from api.events import (
    OrderCompleted,
    OrderReturned,
    OrderReturnRequested,
    RefundCompleted,
)
from api.kit.uow import UnitOfWork
from api.support.models import KnownOrder, RefundPaid, Ticket
from api.support.service import lifecycle, tickets
from api.support.settings import SupportSettings
from api.support.statuses import ACTIVE, Status

MAX_MESSAGE = 5000


async def open_return_ticket(
    uow: UnitOfWork, request: OrderReturnRequested, *, settings: SupportSettings
) -> None:
    """A return request opens a ``return`` ticket linked to the order (once per return)."""
    if await _ticket_of(uow, request.return_id):
        return
    await tickets.remember_order(
        uow,
        order_id=request.order_id,
        user_id=request.user_id,
        number=request.order_number,
        at=request.requested_at,
    )
    known = await uow.session.get(KnownOrder, request.order_id)
    await tickets.open_ticket(
        uow,
        settings=settings,
        user_id=request.user_id,
        subject=f"Return {request.return_number} for order {known.order_number if known else ''}",
        category="return",
        message=f"Return requested for {_lines(len(request.order_item_ids))}: {request.reason}"[
            :MAX_MESSAGE
        ],
        order_id=request.order_id,
        source="return_request",
        return_id=request.return_id,
        at=request.requested_at,
    )


async def goods_received(uow: UnitOfWork, returned: OrderReturned) -> None:
    """The goods arrived back: the ticket says what refund follows; a full return whose refund
    was already paid is resolved at once."""
    ticket = await _ticket_of(uow, returned.return_id, lock=True)
    if ticket is None or ticket.return_received_at is not None:
        return
    full = bool(returned.full_return)
    ticket.return_received_at, ticket.return_full = returned.returned_at, full
    items = returned.items_total
    detail = (
        f" (items Rp {items:,}, shipping Rp {returned.shipping_refunded:,})"
        if items is not None and returned.shipping_refunded
        else ""
    )
    whole = "every line of the order" if full else _lines(len(returned.order_item_ids))
    await tickets.add_auto_message(
        uow,
        ticket,
        f"We received the goods of return {returned.return_number}: {whole}. A refund of up to "
        f"Rp {returned.refund_amount:,}{detail} follows.",
        at=returned.returned_at,
    )
    if full:
        paid = await uow.session.scalar(
            select(RefundPaid)
            .where(
                RefundPaid.order_id == returned.order_id,
                RefundPaid.completed_at >= returned.returned_at,
            )
            .order_by(RefundPaid.completed_at)
            .limit(1)
        )
        if paid is not None:
            await _refunded(uow, ticket, amount=paid.amount, at=paid.completed_at, partial=False)


async def partial_return_refunded(uow: UnitOfWork, completed: OrderCompleted) -> None:
    """``order.completed`` after a partial return: its refund is paid, the ticket is resolved."""
    if completed.completed_by != "partial_return" or completed.return_id is None:
        return
    ticket = await _ticket_of(uow, completed.return_id, lock=True)
    if ticket is None:
        return
    await _refunded(
        uow, ticket, amount=completed.refunded_amount, at=completed.completed_at, partial=True
    )


async def refund_paid(uow: UnitOfWork, refund: RefundCompleted) -> None:
    """A refund of an order was paid: remembered, and a full return received before it is
    resolved by it (a partial return is resolved by its ``order.completed`` instead)."""
    await uow.session.execute(
        insert(RefundPaid)
        .values(
            refund_id=refund.refund_id,
            order_id=refund.order_id,
            amount=refund.amount,
            completed_at=refund.completed_at,
        )
        .on_conflict_do_nothing()
    )
    ticket = await uow.session.scalar(
        select(Ticket)
        .where(
            Ticket.order_id == refund.order_id,
            Ticket.return_id.is_not(None),
            Ticket.return_full.is_(True),
            Ticket.return_received_at <= refund.completed_at,
            Ticket.return_refunded_at.is_(None),
        )
        .with_for_update()
    )
    if ticket is not None:
        await _refunded(uow, ticket, amount=refund.amount, at=refund.completed_at, partial=False)


async def _refunded(
    uow: UnitOfWork, ticket: Ticket, *, amount: int, at: datetime, partial: bool
) -> None:
    if ticket.return_refunded_at is not None or Status(ticket.status) is Status.closed:
        return
    ticket.return_refunded_at = at
    note = f"Your refund of Rp {amount:,} was paid" + (
        "; the items you kept stay yours and the order is completed." if partial else "."
    )
    await tickets.add_auto_message(uow, ticket, note, at=at)
    if Status(ticket.status) in ACTIVE:
        await lifecycle.move(
            uow, ticket, Status.resolved, at=at, by=None, reason="refund_paid", resolution=note
        )


async def _ticket_of(uow: UnitOfWork, return_id: UUID, *, lock: bool = False) -> Ticket | None:
    query = select(Ticket).where(Ticket.return_id == return_id)
    return await uow.session.scalar(query.with_for_update() if lock else query)


def _lines(count: int) -> str:
    return f"{count} item{'s' if count != 1 else ''}"
