"""The events the support service consumes: an explicit ``{event_type: handler}`` table.

- ``user.registered`` / ``user.role_changed``: who the agents are (and their names);
- ``order.created``: whose an order is, so a ticket names only its author's orders;
- ``order.return_requested``: a return ticket linked to the order, assigned like any other.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from api.events import Event, OrderCreated, OrderReturnRequested, UserRegistered, UserRoleChanged
from api.kit.consumer import Handler
from api.kit.uow import UnitOfWork
from api.support.models import KnownOrder, Ticket
from api.support.service import agents, tickets
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
    """A return request opens a ``return`` ticket linked to the order (once per return)."""
    payload: OrderReturnRequested = event.payload
    if await uow.session.scalar(select(Ticket.id).where(Ticket.return_id == payload.return_id)):
        return
    await tickets.remember_order(
        uow,
        order_id=payload.order_id,
        user_id=payload.user_id,
        number=payload.order_number,
        at=payload.requested_at,
    )
    known = await uow.session.get(KnownOrder, payload.order_id)
    items = len(payload.order_item_ids)
    await tickets.open_ticket(
        uow,
        settings=get_settings(),
        user_id=payload.user_id,
        subject=f"Return {payload.return_number} for order {known.order_number if known else ''}",
        category="return",
        message=(f"Return requested for {items} item{'s' if items != 1 else ''}: {payload.reason}")[
            :5000
        ],
        order_id=payload.order_id,
        source="return_request",
        return_id=payload.return_id,
        at=payload.requested_at,
    )


HANDLERS: dict[str, Handler] = {
    "user.registered": on_user_registered,
    "user.role_changed": on_user_role_changed,
    "order.created": on_order_created,
    "order.return_requested": on_return_requested,
}
