"""Returns: requested within the window after delivery, received back, refunded, closed.

A return names **distinct order lines**, each at most once across every return of the order
(``order_return_items`` has the order item as its primary key), and each line comes back whole:
its refund is exactly its ``line_total``. Partial quantities of a line are not returned here —
an order line is the unit the warehouse restocks and the settlement refunds; support can refund
part of a line through the payment service's staff refund instead. Shipping is refunded only
when every line of the order has come back. The refund is capped by the order's total, and the
payment service caps it again by what remains refundable of this order (staff refunds).

Once the refund is paid: everything came back → ``refunded``; some lines kept → ``completed``
(``order.completed`` with ``completed_by = partial_return``): the seller is paid for the kept
lines and the returned ones are a refund line of the settlement.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import select

from api.events import OrderReturned, OrderReturnRequested
from api.kit.errors import Conflict, Unprocessable
from api.kit.numbering import next_numbers
from api.kit.uow import UnitOfWork
from api.order.models import Order, OrderItem, ReturnedItem, ReturnRequest, return_numbers
from api.order.service.lifecycle import complete
from api.order.service.transitions import identity, move, owe_refund
from api.order.statemachine import Status


async def request_return(
    uow: UnitOfWork,
    order: Order,
    *,
    reason: str,
    order_item_ids: list[UUID] | None,
    at: datetime,
    actor_id: UUID,
) -> ReturnRequest:
    """Ask to return (some of) a delivered order's lines; 409 once the window has closed.

    ``order`` must be locked by the caller. 422 naming ``order_item_ids.<i>`` for a line named
    twice, not of this order, or returned before; nothing is written then.
    """
    if (
        order.status == Status.delivered
        and order.return_window_ends_at is not None
        and at > order.return_window_ends_at
    ):
        raise Conflict(f"The return window of order {order.number} closed")
    items = {
        i.id: i
        for i in await uow.session.scalars(select(OrderItem).where(OrderItem.order_id == order.id))
    }
    returned_before = set(
        await uow.session.scalars(
            select(ReturnedItem.order_item_id).where(ReturnedItem.order_id == order.id)
        )
    )
    wanted = order_item_ids or [i for i in items if i not in returned_before]
    _check_lines(wanted, items, returned_before)
    await move(uow, order, Status.return_requested, at=at, reason=reason, actor_id=actor_id)
    (number,) = await next_numbers(uow.session, return_numbers, "RET", at, 1)
    items_total = sum(items[i].line_total for i in wanted)
    everything_back = returned_before | set(wanted) == set(items)
    shipping = order.shipping_cost if everything_back else 0
    request = ReturnRequest(
        id=uuid4(),
        number=number,
        order_id=order.id,
        order_item_ids=[str(i) for i in wanted],
        reason=reason,
        status="requested",
        refund_amount=min(items_total + shipping, order.total),
        requested_at=at,
    )
    uow.session.add(request)
    await uow.session.flush()
    uow.session.add_all(
        ReturnedItem(
            order_item_id=i, return_id=request.id, order_id=order.id, line_total=items[i].line_total
        )
        for i in wanted
    )
    await uow.outbox.add(
        OrderReturnRequested(
            **identity(order),
            return_id=request.id,
            return_number=number,
            order_item_ids=wanted,
            reason=reason,
            requested_at=at,
        ),
        aggregate_id=order.id,
    )
    return request


def _check_lines(
    wanted: list[UUID], items: dict[UUID, OrderItem], returned_before: set[UUID]
) -> None:
    if not wanted:
        raise Unprocessable("Every line of this order was returned already", field="order_item_ids")
    seen: set[UUID] = set()
    for index, item_id in enumerate(wanted):
        field = f"order_item_ids.{index}"
        if item_id in seen:
            raise Unprocessable(f"Item {item_id} is listed more than once", field=field)
        if item_id not in items:
            raise Unprocessable(f"Item {item_id} is not part of this order", field=field)
        if item_id in returned_before:
            raise Unprocessable(f"Item {item_id} was returned already", field=field)
        seen.add(item_id)


async def receive_return(
    uow: UnitOfWork, order: Order, *, at: datetime, actor_id: UUID
) -> ReturnRequest:
    """The goods came back: ``returned``, and the refund of the return is owed."""
    request = await uow.session.scalar(
        select(ReturnRequest)
        .where(ReturnRequest.order_id == order.id, ReturnRequest.status == "requested")
        .with_for_update()
    )
    await move(uow, order, Status.returned, at=at, reason="goods received", actor_id=actor_id)
    assert request is not None  # return_requested always has its open request
    request.status, request.received_at = "received", at
    owe_refund(order, at_most=request.refund_amount)
    lines = await _lines(uow, order)
    items_total = sum(line.line_total for line in lines if line.return_id == request.id)
    full = await _everything_back(uow, order, lines)
    await uow.outbox.add(
        OrderReturned(
            **identity(order),
            return_id=request.id,
            return_number=request.number,
            order_item_ids=[UUID(i) for i in request.order_item_ids],
            refund_amount=request.refund_amount,
            returned_at=at,
            items_total=items_total,
            shipping_refunded=request.refund_amount - items_total,
            full_return=full,
        ),
        aggregate_id=order.id,
    )
    return request


async def close_return(uow: UnitOfWork, order: Order, *, at: datetime) -> None:
    """The return's refund was paid: ``refunded`` if everything came back, else ``completed``."""
    if order.status != Status.returned:
        return
    lines = await _lines(uow, order)
    if await _everything_back(uow, order, lines):
        await move(uow, order, Status.refunded, at=at, reason="refund completed")
        return
    await complete(
        uow,
        order,
        at=at,
        by="partial_return",
        returned=lines,
        refund_id=order.refund_id,
        refunded_amount=order.refund_amount,
    )


async def _lines(uow: UnitOfWork, order: Order) -> list[ReturnedItem]:
    rows = await uow.session.scalars(
        select(ReturnedItem)
        .where(ReturnedItem.order_id == order.id)
        .order_by(ReturnedItem.order_item_id)
    )
    return list(rows)


async def _everything_back(uow: UnitOfWork, order: Order, lines: list[ReturnedItem]) -> bool:
    items = set(
        await uow.session.scalars(select(OrderItem.id).where(OrderItem.order_id == order.id))
    )
    return {line.order_item_id for line in lines} == items
