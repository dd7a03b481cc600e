"""The events the support service consumes: an explicit ``{event_type: handler}`` table.

- ``user.registered`` / ``user.role_changed``: who the agents are (and their names);
- ``order.created``: whose an order is, so a ticket names only its author's orders;
- ``order.return_requested``: a return ticket linked to the order, assigned like any other;
- ``order.returned``, ``order.completed`` (``partial_return``) and ``refund.completed``: the return
  ticket's progress, resolved once the refund is paid (``api/support/service/returns.py``).
"""

from __future__ import annotations

from typing import Any

from api.events import Event, OrderCreated, UserRegistered, UserRoleChanged
from api.kit.consumer import Handler
from api.kit.uow import UnitOfWork
from api.support.service import agents, returns, tickets
from api.support.settings import get_settings


async def on_user_registered(event: Event[Any], uow: UnitOfWork) -> None:
    payload: UserRegistered = event.payload
    await agents.learn_user(
        uow,
        user_id=payload.user_id,
        role=payload.role,
        email=payload.email,
        full_name=payload.full_name,
        at=payload.registered_at,
    )


async def on_user_role_changed(event: Event[Any], uow: UnitOfWork) -> None:
    payload: UserRoleChanged = event.payload
    await agents.learn_user(
        uow, user_id=payload.user_id, role=payload.new_role, at=payload.changed_at
    )


async def on_order_created(event: Event[Any], uow: UnitOfWork) -> None:
    payload: OrderCreated = event.payload
    await tickets.remember_order(
        uow,
        order_id=payload.order_id,
        user_id=payload.user_id,
        number=payload.order_number,
        at=payload.created_at,
    )


async def on_return_requested(event: Event[Any], uow: UnitOfWork) -> None:
    await returns.open_return_ticket(uow, event.payload, settings=get_settings())


async def on_order_returned(event: Event[Any], uow: UnitOfWork) -> None:
    await returns.goods_received(uow, event.payload)


async def on_order_completed(event: Event[Any], uow: UnitOfWork) -> None:
    await returns.partial_return_refunded(uow, event.payload)


async def on_refund_completed(event: Event[Any], uow: UnitOfWork) -> None:
    await returns.refund_paid(uow, event.payload)


HANDLERS: dict[str, Handler] = {
    "user.registered": on_user_registered,
    "user.role_changed": on_user_role_changed,
    "order.created": on_order_created,
    "order.return_requested": on_return_requested,
    "order.returned": on_order_returned,
    "order.completed": on_order_completed,
    "refund.completed": on_refund_completed,
}
