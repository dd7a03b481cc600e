"""The events the review service consumes: an explicit ``{event_type: handler}`` table.

``order.created`` tells which items an order holds (with their seller and house brand);
``order.delivered`` makes them reviewable for the review window.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from api.events import Event, OrderCreated, OrderDelivered
from api.kit.consumer import Handler
from api.kit.uow import UnitOfWork
from api.review.service import purchases
from api.review.settings import get_settings


async def on_order_created(event: Event[Any], uow: UnitOfWork) -> None:
    payload: OrderCreated = event.payload
    await purchases.record_order(uow, payload)


async def on_order_delivered(event: Event[Any], uow: UnitOfWork) -> None:
    payload: OrderDelivered = event.payload
    await purchases.mark_delivered(
        uow,
        order_id=payload.order_id,
        delivered_at=payload.delivered_at,
        window=timedelta(days=get_settings().window_days),
    )


HANDLERS: dict[str, Handler] = {
    "order.created": on_order_created,
    "order.delivered": on_order_delivered,
}
