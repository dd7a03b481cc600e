"""Returns: requested within the window after delivery, received back, then refunded."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import select

from api.events import OrderReturned, OrderReturnRequested
from api.kit.errors import Conflict, Unprocessable
from api.kit.numbering import next_numbers
from api.kit.uow import UnitOfWork
from api.order.models import Order, OrderItem, ReturnRequest, return_numbers
from api.order.service.transitions import identity, move
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
    """Ask to return (some of) a delivered order's items; 409 once the window has closed."""
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
    wanted = order_item_ids or list(items)
    for index, item_id in enumerate(wanted):
        if item_id not in items:
            raise Unprocessable(
                f"Item {item_id} is not part of this order", field=f"order_item_ids.{index}"
            )
    await move(uow, order, Status.return_requested, at=at, reason=reason, actor_id=actor_id)
    (number,) = await next_numbers(uow.session, return_numbers, "RET", at, 1)
    request = ReturnRequest(
        id=uuid4(),
        number=number,
        order_id=order.id,
        order_item_ids=[str(i) for i in wanted],
        reason=reason,
        status="requested",
        # goods are refunded; shipping only when the whole order comes back
        refund_amount=sum(items[i].line_total for i in wanted)
        + (order.shipping_cost if set(wanted) == set(items) else 0),
        requested_at=at,
    )
    uow.session.add(request)
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
    order.refund_status, order.refund_amount = "pending", request.refund_amount
    await uow.outbox.add(
        OrderReturned(
            **identity(order),
            return_id=request.id,
            return_number=request.number,
            order_item_ids=[UUID(i) for i in request.order_item_ids],
            refund_amount=request.refund_amount,
            returned_at=at,
        ),
        aggregate_id=order.id,
    )
    return request


async def refund_completed(uow: UnitOfWork, *, order_id: UUID, at: datetime) -> None:
    """``refund.completed``: the money is back; a returned order becomes ``refunded``."""
    order = await uow.session.scalar(select(Order).where(Order.id == order_id).with_for_update())
    if order is None:
        return
    order.refund_status = "completed"
    if order.status == Status.returned:
        await move(uow, order, Status.refunded, at=at, reason="refund completed")
