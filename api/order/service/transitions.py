"""The one place an order's status changes: the machine decides, the history remembers."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select

from api.kit.uow import UnitOfWork
from api.order.errors import OrderNotFound
from api.order.models import Order, StatusChange
from api.order.statemachine import Status, advance


async def move(
    uow: UnitOfWork,
    order: Order,
    target: Status,
    *,
    at: datetime,
    reason: str | None = None,
    actor_id: UUID | None = None,
) -> Status:
    """Move ``order`` to ``target`` (409 if illegal), record it; returns the previous status."""
    previous = Status(order.status)
    order.status = advance(previous, target)
    order.updated_at = at
    uow.session.add(
        StatusChange(
            order_id=order.id,
            from_status=previous,
            status=target,
            reason=reason,
            actor_id=actor_id,
            at=at,
        )
    )
    return previous


async def locked_order(uow: UnitOfWork, order_id: UUID) -> Order:
    """The order, locked for the rest of the transaction (404 if unknown)."""
    order = await uow.session.scalar(select(Order).where(Order.id == order_id).with_for_update())
    if order is None:
        raise OrderNotFound(order_id)
    return order


async def orders_of_checkout(uow: UnitOfWork, checkout_id: UUID) -> list[Order]:
    """A checkout's orders, locked in id order (a fixed order: no deadlocks)."""
    rows = await uow.session.scalars(
        select(Order).where(Order.checkout_id == checkout_id).order_by(Order.id).with_for_update()
    )
    return list(rows)


def owe_refund(order: Order, *, at_most: int) -> None:
    """Record that ``order`` is owed what remains refundable of it, up to ``at_most``.

    The refunds job asks the payment service (``refunds.request_pending``); an order is owed
    one refund in its life — a second call changes nothing.
    """
    if order.refund_status != "none":
        return
    order.refund_status, order.refund_amount = "pending", at_most
    order.refund_attempts, order.refund_retry_at, order.refund_failure = 0, None, None


def identity(order: Order) -> dict[str, Any]:
    """The fields every order event carries."""
    return {
        "order_id": order.id,
        "order_number": order.number,
        "checkout_id": order.checkout_id,
        "user_id": order.user_id,
        "seller_id": order.seller_id,
        "fulfilment": order.fulfilment,
    }
