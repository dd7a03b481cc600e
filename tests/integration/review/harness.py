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
from typing import Any, ClassVar
from uuid import UUID, uuid4

import httpx
from fastapi import FastAPI

from api.brand.app import create_app as create_brand_app
from api.brand.app import get_settings as brand_settings
from api.events import EventPayload
from api.kit.auth import Role
from api.kit.db import make_async_engine, make_session_factory, make_sync_engine
from api.kit.uow import UnitOfWorkFactory
from api.review.app import create_app
from api.review.consumers import HANDLERS
from api.review.settings import ReviewSettings, get_settings
from tests.support.databases import create_database, drop_database
from tests.support.orders import order_created, order_delivered, order_fields, order_item
from tests.support.services import (
    ServiceUnderTest,
    app_client,
    apply_event,
    as_user,
    migrated_database,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


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
class Reviews(ServiceUnderTest):
    settings: ReviewSettings
    brand: httpx.AsyncClient
    media_root: Path

    TABLES: ClassVar[tuple[str, ...]] = (
        "reviews",
        "review_images",
        "review_votes",
        "review_reports",
        "review_replies",
        "rating_summaries",
        "outbox",
    )

    async def deliver(self, payload: EventPayload, aggregate_id: UUID) -> None:
        await apply_event(
            self.uows, HANDLERS, payload, aggregate_id=aggregate_id, consumer="review"
        )

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
        if seller_id is None and brand_id is None:
            brand_id = uuid4()
        item = order_item(item_id, product_id=product_id, seller_id=seller_id, brand_id=brand_id)
        fields = order_fields(order_id, buyer, seller_id=seller_id)
        at = delivered or datetime.now(UTC)
        await self.deliver(order_created(fields, [item], at=at - timedelta(days=3)), order_id)
        if deliver:
            await self.deliver(order_delivered(fields, at=at), order_id)
        return Bought(buyer, order_id, item_id, item.product_id, seller_id, item.brand_id)

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
