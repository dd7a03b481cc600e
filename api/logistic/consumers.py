"""The logistic worker's handlers: remember where ``order.created`` ships, book on ``order.paid``.

Handlers need the Biteship client; ``make_handlers`` takes one (tests pass a client on the
sandbox's in-process transport), and the worker's ``HANDLERS`` build one from the settings on
first use, so importing this module does no I/O.
"""

from __future__ import annotations

from typing import Any

from api.events.envelope import Event
from api.events.order import OrderCreated, OrderPaid
from api.kit.consumer import Handler
from api.kit.uow import UnitOfWork
from api.logistic.biteship import BiteshipClient
from api.logistic.service import shipments
from api.logistic.settings import LogisticSettings, get_settings


def make_handlers(
    courier: BiteshipClient | None = None, settings: LogisticSettings | None = None
) -> dict[str, Handler]:
    """The ``{event_type: handler}`` table around one Biteship client and settings."""
    state: dict[str, Any] = {"courier": courier}

    def config() -> LogisticSettings:
        return settings or get_settings()

    def client() -> BiteshipClient:
        if state["courier"] is None:
            state["courier"] = config().biteship_client()
        result: BiteshipClient = state["courier"]
        return result

    async def on_order_created(event: Event[OrderCreated], uow: UnitOfWork) -> None:
        await shipments.remember_destination(uow, order=event.payload)

    async def on_order_paid(event: Event[OrderPaid], uow: UnitOfWork) -> None:
        conf = config()
        await shipments.book_for_order(
            uow,
            paid=event.payload,
            courier=client(),
            origin_postal_code=conf.warehouse_postal_code,
            origin_address=conf.warehouse_address,
            origin_phone=conf.warehouse_contact_phone,
            item_weight_grams=conf.default_item_weight_grams,
            couriers=conf.couriers,
            rate_ttl_seconds=conf.rate_cache_ttl_seconds,
            now=conf.now(),
        )

    return {"order.created": on_order_created, "order.paid": on_order_paid}


HANDLERS: dict[str, Handler] = make_handlers()
