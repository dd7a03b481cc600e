"""The catalogue in-process: the product and brand apps on fresh migrated databases.

The brand app reaches the product app's internal lookup through an ASGI transport, as it would
over HTTP. Brand → product events go through Kafka and the real consumer runtime (``deliver``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import httpx
from sqlalchemy import Engine, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.brand.app import create_app as create_brand_app
from api.brand.settings import get_settings as brand_settings
from api.events import Envelope, parse_event
from api.kit import inbox
from api.kit.client import ServiceClient
from api.kit.consumer import ConsumerRuntime, Handler
from api.kit.db import make_async_engine, make_session_factory, make_sync_engine
from api.kit.tables import outbox
from api.kit.uow import UnitOfWorkFactory
from api.product.app import create_app as create_product_app
from api.product.settings import get_settings as product_settings
from tests.support.databases import create_database, drop_database
from tests.support.kafka import deliver_through_runtime
from tests.support.outbox import envelope_of
from tests.support.services import app_client, internal_headers, migrated_database


def count(engine: Engine, table: str) -> int:
    """Rows in ``table`` (outbox included)."""
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(text(table))) or 0)


def outbox_envelopes(engine: Engine, producer: str) -> list[Envelope]:
    """The outbox rows as the relay would publish them."""
    with engine.connect() as conn:
        rows = conn.execute(select(outbox).order_by(outbox.c.id)).mappings().all()
    return [envelope_of(row, producer) for row in rows]


async def deliver_outbox(
    source_url: str,
    producer: str,
    *,
    engine: AsyncEngine,
    consumer: str,
    handlers: Mapping[str, Handler],
    aggregate_id: str | None = None,
) -> int:
    """A service's outbox (of one aggregate, if given) through another's real handlers and inbox,
    as the relay and the consumer runtime would deliver it; returns how many events it handled."""
    source = make_sync_engine(source_url)
    try:
        envelopes = [
            e
            for e in outbox_envelopes(source, producer)
            if e.event_type in handlers and aggregate_id in (None, str(e.aggregate_id))
        ]
    finally:
        source.dispose()
    uows = UnitOfWorkFactory(make_session_factory(engine), producer=consumer)
    for envelope in envelopes:
        event = parse_event(envelope.model_dump_json())
        async with uows() as uow:
            if await inbox.claim(
                uow.session, event_id=event.event_id, consumer=consumer, event_type=event.event_type
            ):
                await handlers[event.event_type](event, uow)
                await uow.commit()
    return len(envelopes)


@dataclass
class Catalogue:
    product: httpx.AsyncClient
    brand: httpx.AsyncClient
    product_url: str
    brand_url: str
    product_db: Engine
    brand_db: Engine
    bootstrap: str

    async def deliver(
        self,
        envelopes: list[Envelope],
        *,
        topic: str,
        to: str,
        handlers: Mapping[str, Handler],
    ) -> ConsumerRuntime:
        """Produce ``envelopes`` to ``topic`` and run ``to``'s real consumer runtime until all
        are processed (applied or recognised as duplicates)."""
        url = self.product_url if to == "product" else self.brand_url
        engine = make_async_engine(url, pool_size=2)
        try:
            return await deliver_through_runtime(
                envelopes,
                bootstrap=self.bootstrap,
                topic=topic,
                consumer_name=to,
                handlers=handlers,
                uow_factory=UnitOfWorkFactory(make_session_factory(engine), producer=to),
            )
        finally:
            await engine.dispose()


@asynccontextmanager
async def catalogue(postgres_url: str, bootstrap: str) -> AsyncIterator[Catalogue]:
    """Both apps running on their own fresh databases; dropped afterwards."""
    product_url = migrated_database("product", create_database(postgres_url, "prod"))
    brand_url = migrated_database("brand", create_database(postgres_url, "brand"))
    product_app = create_product_app(
        product_settings().model_copy(update={"database_url": product_url})
    )
    brand_app = create_brand_app(brand_settings().model_copy(update={"database_url": brand_url}))
    product_engine = make_sync_engine(product_url)
    brand_engine = make_sync_engine(brand_url)
    try:
        async with app_client(product_app) as product_client:
            brand_app.state.product_client = ServiceClient(
                "http://product",
                internal_api_key=internal_headers()["x-internal-api-key"],
                transport=httpx.ASGITransport(app=product_app),
            )
            async with app_client(brand_app) as brand_client:
                yield Catalogue(
                    product=product_client,
                    brand=brand_client,
                    product_url=product_url,
                    brand_url=brand_url,
                    product_db=product_engine,
                    brand_db=brand_engine,
                    bootstrap=bootstrap,
                )
    finally:
        product_engine.dispose()
        brand_engine.dispose()
        drop_database(postgres_url, product_url)
        drop_database(postgres_url, brand_url)


def house_product(sku_prefix: str | None = None, **overrides: Any) -> dict[str, Any]:
    """A house product body: a batik shirt in three sizes."""
    prefix = sku_prefix or f"NSA-{uuid4().hex[:6].upper()}"
    body: dict[str, Any] = {
        "name": "Kemeja Batik Parang Lengan Panjang",
        "description": (
            "Kemeja batik tulis motif parang dari katun halus, nyaman untuk kantor. "
            "Long-sleeved cotton batik shirt for the office."
        ),
        "variants": [
            {
                "sku": f"{prefix}-{size}",
                "size": size,
                "color": "Navy",
                "price": 250_000,
                "cost_price": 120_000,
                "weight_grams": 300,
            }
            for size in ("M", "L", "XL")
        ],
    }
    body.update(overrides)
    return body
