"""The review service in-process on a fresh database, beside a real brand app (it asks the
brand service who manages a brand), with the handles its tests need.

Order events are applied through the service's real handler table inside a unit of work (with
the inbox claim the consumer runtime makes). The clock moves through ``clock_offset_seconds``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
from fastapi import FastAPI
from sqlalchemy import Engine, func, select, text

from api.brand.app import create_app as create_brand_app
from api.brand.app import get_settings as brand_settings
from api.events import (
    EventPayload,
    OrderCreated,
    OrderDelivered,
    build_envelope,
    parse_event,
)
from api.events.values import AddressSnapshot, OrderItemSnapshot
from api.kit import inbox
from api.kit.auth import Role
from api.kit.db import make_async_engine, make_session_factory, make_sync_engine
from api.kit.tables import outbox
from api.kit.uow import UnitOfWorkFactory
from api.review.app import create_app
from api.review.consumers import HANDLERS
from api.review.settings import ReviewSettings, get_settings
from tests.support.databases import create_database, drop_database
from tests.support.services import app_client, as_user, migrated_database

TABLES = (
    "reviews",
    "review_images",
    "review_votes",
    "review_reports",
    "review_replies",
    "rating_summaries",
    "outbox",
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
ADDRESS = AddressSnapshot(
    address_id=None,
    recipient_name="Siti",
    phone="+6281234567890",
    street="Jl. Mawar 1",
    village_code="3171010001",
    district_code="317101",
    regency_code="3171",
    province_code="31",
    postal_code="10110",
    city="Jakarta Pusat",
    province="DKI Jakarta",
)


@dataclass(frozen=True)
class Bought:
    """An order item a buyer received."""

    buyer: UUID
    order_id: UUID
    order_item_id: UUID
    product_id: UUID
    seller_id: UUID | None
    brand_id: UUID | None

    @property
    def headers(self) -> dict[str, str]:
        return as_user(Role.customer, self.buyer)


@dataclass
class Reviews:
    client: httpx.AsyncClient
    brand: httpx.AsyncClient
    db: Engine
    uows: UnitOfWorkFactory
    settings: ReviewSettings
    admin: dict[str, str]
    media_root: Path

    def count(self, table: str) -> int:
        with self.db.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(text(table))) or 0)

    def counts(self) -> dict[str, int]:
        return {table: self.count(table) for table in TABLES}

    def events(self, event_type: str) -> list[dict[str, Any]]:
        with self.db.connect() as conn:
            rows = conn.execute(
                select(outbox.c.payload)
                .where(outbox.c.event_type == event_type)
                .order_by(outbox.c.id)
            )
            return [row[0] for row in rows]

    def at(self, moment: datetime) -> None:
        self.settings.clock_offset_seconds = (moment - datetime.now(UTC)).total_seconds()

    async def deliver(self, payload: EventPayload, aggregate_id: UUID) -> None:
        envelope = build_envelope(payload, aggregate_id=aggregate_id, producer="test")
        event = parse_event(envelope.model_dump_json().encode())
        async with self.uows() as uow:
            assert await inbox.claim(
                uow.session, event_id=event.event_id, consumer="review", event_type=event.event_type
            )
            await HANDLERS[event.event_type](event, uow)
            await uow.commit()

    async def bought(
        self,
        *,
        buyer: UUID | None = None,
        product_id: UUID | None = None,
        seller_id: UUID | None = None,
        brand_id: UUID | None = None,
        delivered: datetime | None = None,
        deliver: bool = True,
    ) -> Bought:
        """A buyer's order of one item (``order.created``), delivered unless told otherwise."""
        buyer, order_id, item_id = buyer or uuid4(), uuid4(), uuid4()
        product_id = product_id or uuid4()
        if seller_id is None and brand_id is None:
            brand_id = uuid4()
        item = OrderItemSnapshot(
            order_item_id=item_id,
            product_id=product_id,
            variant_id=uuid4(),
            sku=f"SKU-{item_id.hex[:6]}",
            name="Kemeja Batik Parang",
            size="M",
            color="Navy",
            brand_id=brand_id,
            seller_id=seller_id,
            unit_price=250_000,
            quantity=1,
            line_total=250_000,
        )
        created_at = (delivered or datetime.now(UTC)) - timedelta(days=3)
        shared: dict[str, Any] = {
            "order_id": order_id,
            "order_number": f"ORD-20261124-{item_id.hex[:5].upper()}",
            "checkout_id": uuid4(),
            "user_id": buyer,
            "seller_id": seller_id,
            "fulfilment": "seller" if seller_id else "house",
        }
        await self.deliver(
            OrderCreated(
                **shared,
                items=[item],
                brand_ids=[brand_id] if brand_id else [],
                subtotal=250_000,
                shipping_cost=15_000,
                total=265_000,
                currency="IDR",
                shipping_address=ADDRESS,
                payment_due_at=created_at + timedelta(minutes=30),
                created_at=created_at,
            ),
            order_id,
        )
        if deliver:
            at = delivered or datetime.now(UTC)
            await self.deliver(
                OrderDelivered(
                    **shared,
                    shipment_id=uuid4(),
                    delivered_at=at,
                    return_window_ends_at=at + timedelta(days=7),
                ),
                order_id,
            )
        return Bought(buyer, order_id, item_id, product_id, seller_id, brand_id)

    async def review(self, bought: Bought, **body: Any) -> httpx.Response:
        return await self.client.post(
            "/api/reviews",
            headers=bought.headers,
            json={"order_item_id": str(bought.order_item_id), "rating": 5, **body},
        )

    async def approved(self, bought: Bought, rating: int = 5, **body: Any) -> dict[str, Any]:
        r = await self.review(bought, rating=rating, **body)
        assert r.status_code == 201 and r.json()["status"] == "approved", r.text
        return dict(r.json())


@dataclass
class BrandService:
    """A real brand app (its own database, the 15 house brands seeded) the review app asks."""

    app: FastAPI
    client: httpx.AsyncClient


@asynccontextmanager
async def brand_service(postgres_url: str) -> AsyncIterator[BrandService]:
    url = migrated_database("brand", create_database(postgres_url, "brand"))
    app = create_brand_app(brand_settings().model_copy(update={"database_url": url}))
    try:
        async with app_client(app) as client:
            yield BrandService(app, client)
    finally:
        drop_database(postgres_url, url)


@asynccontextmanager
async def reviews(
    postgres_url: str, media_root: Path, brands: BrandService, **overrides: Any
) -> AsyncIterator[Reviews]:
    """The review app on a fresh database (dropped afterwards), asking ``brands``."""
    url = migrated_database("review", create_database(postgres_url, "review"))
    settings = get_settings().model_copy(
        update={"database_url": url, "media_root": media_root, **overrides}
    )
    app = create_app(settings)
    app.state.brand_transport = httpx.ASGITransport(app=brands.app)
    engine = make_sync_engine(url)
    async_engine = make_async_engine(url, pool_size=4)
    try:
        async with app_client(app) as client:
            yield Reviews(
                client=client,
                brand=brands.client,
                db=engine,
                uows=UnitOfWorkFactory(make_session_factory(async_engine), producer="review"),
                settings=settings,
                admin=as_user(Role.admin),
                media_root=media_root,
            )
    finally:
        await async_engine.dispose()
        engine.dispose()
        drop_database(postgres_url, url)
