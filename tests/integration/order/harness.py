"""The checkout marketplace in-process: the REAL product, warehouse, payment, cart and order
apps, each on its own fresh migrated database, wired to one another through ASGI transports
(as over HTTP); only address, logistic and Xendit are fakes (see ``fakes.py``).

Events move between services with :meth:`Market.deliver`: the source database's outbox rows,
parsed against the catalog, handed to the target's real handler table through the kit inbox in
one transaction each, exactly as the consumer runtime applies them (minus the Kafka hop).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select, text

from api.events import parse_event
from api.kit import inbox
from api.kit.auth import Role
from api.kit.client import ServiceClient
from api.kit.db import make_async_engine, make_session_factory
from api.kit.settings import load_service_settings
from api.kit.tables import outbox
from api.kit.uow import UnitOfWorkFactory
from api.payment.xendit import XenditClient
from tests.integration.order import fakes
from tests.support.databases import create_database, drop_database
from tests.support.outbox import envelope_of
from tests.support.services import as_user, internal_headers, migrated_database

SERVICES = ("product", "warehouse", "payment", "cart", "order")
# the checkout paid with the wallet: the real wallet service too (``wallet_shop`` fixture)
WITH_WALLET = (*SERVICES, "wallet")
ADMIN = as_user(Role.admin)
STAFF = as_user(Role.warehouse_staff)
INTERNAL = internal_headers()


@dataclass
class Market:
    clients: dict[str, httpx.AsyncClient]
    uows: dict[str, UnitOfWorkFactory]
    apps: dict[str, FastAPI]
    addresses: dict[UUID, dict[str, Any]]
    xendit: dict[str, Any]
    products: dict[UUID, UUID] = field(default_factory=dict)  # variant → product
    quotes: list[dict[str, Any]] = field(default_factory=list)  # the rate requests logistic saw

    def __getattr__(self, name: str) -> httpx.AsyncClient:
        if name in WITH_WALLET and name in self.clients:
            return self.clients[name]
        raise AttributeError(name)

    async def deliver(self, source: str, target: str, *, as_new: bool = False) -> int:
        """Apply ``source``'s new outbox events to ``target``'s handlers; returns how many.

        ``as_new``: every event again under a fresh event id, as a producer re-sending them
        would (the inbox cannot recognise them: the handlers must be idempotent on their own).
        """
        import importlib

        handlers = importlib.import_module(f"api.{target}.consumers").HANDLERS
        async with self.uows[source]() as uow:
            rows = (await uow.session.execute(select(outbox).order_by(outbox.c.id))).mappings()
            envelopes = [envelope_of(row, source) for row in rows]
            if as_new:
                envelopes = [e.model_copy(update={"event_id": uuid4()}) for e in envelopes]
        applied = 0
        for envelope in envelopes:
            if envelope.event_type not in handlers:
                continue
            event = parse_event(envelope.model_dump_json())
            async with self.uows[target]() as uow:
                if not await inbox.claim(
                    uow.session,
                    event_id=event.event_id,
                    consumer=target,
                    event_type=event.event_type,
                ):
                    continue
                await handlers[event.event_type](event, uow)
                await uow.commit()
                applied += 1
        return applied

    async def count(self, service: str, table: str, where: str = "true") -> int:
        """Rows of ``table`` in ``service``'s database (test-written SQL only)."""
        async with self.uows[service]() as uow:
            value = await uow.session.scalar(
                select(func.count()).select_from(text(table)).where(text(where))
            )
        return int(value or 0)

    def address_for(self, user_id: UUID) -> UUID:
        """A (fake) address of ``user_id`` in Jakarta Pusat."""
        address_id = uuid4()
        self.addresses[address_id] = {"user_id": str(user_id), **fakes.GAMBIR}
        return address_id

    async def house_variant(self, *, price: int, brand_price: int, stock: int) -> tuple[UUID, UUID]:
        """A house product's variant sold under a brand at ``brand_price``: (variant, brand)."""
        variant_id = await self._product(ADMIN, price=price, stock=stock, seller_id=None)
        brand_id = uuid4()
        await self.set_brand_price(brand_id, variant_id, brand_price)
        return variant_id, brand_id

    async def seller_variant(self, *, price: int, stock: int) -> tuple[UUID, UUID]:
        """A seller's variant: (variant, seller)."""
        seller_id = uuid4()
        variant_id = await self._product(
            as_user(Role.seller, seller_id), price=price, stock=stock, seller_id=seller_id
        )
        return variant_id, seller_id

    async def set_brand_price(self, brand_id: UUID, variant_id: UUID, price: int) -> None:
        """The brand price the product service learns from ``brand.*`` events (read model)."""
        from datetime import UTC, datetime

        from api.product.service.readmodels import upsert_offer

        async with self.uows["product"]() as uow:
            await upsert_offer(
                uow,
                brand_id=brand_id,
                brand_code=None,
                variant_id=variant_id,
                price=price,
                at=datetime.now(UTC),
            )
            await uow.commit()

    async def set_price(self, variant_id: UUID, price: int) -> None:
        """A seller (or admin) changes a variant's price."""
        response = await self.product.patch(
            f"/api/products/{self.products[variant_id]}/variants/{variant_id}",
            json={"price": price},
            headers=ADMIN,
        )
        assert response.status_code == 200, response.text

    async def _product(
        self, headers: dict[str, str], *, price: int, stock: int, seller_id: UUID | None
    ) -> UUID:
        sku = f"SKU-{uuid4().hex[:10]}"
        response = await self.product.post(
            "/api/products",
            json={
                "name": f"Kaos Polos {sku}",
                "variants": [
                    {
                        "sku": sku,
                        "size": "M",
                        "price": price,
                        "cost_price": price // 2,
                        "weight_grams": 250,
                    }
                ],
            },
            headers=headers,
        )
        assert response.status_code == 201, response.text
        product = response.json()
        variant_id = UUID(product["variants"][0]["id"])
        self.products[variant_id] = UUID(product["id"])
        # stocked at once: the warehouse learns the new variant from the product service
        if stock:
            response = await self.warehouse.post(
                "/api/warehouse/stock-adjustments",
                json={"variant_id": str(variant_id), "quantity_change": stock, "reason": "count"},
                headers=STAFF,
            )
            assert response.status_code == 201, response.text
        return variant_id

    async def available(self, variant_id: UUID) -> int:
        response = await self.warehouse.get(f"/api/warehouse/stock/{variant_id}", headers=STAFF)
        assert response.status_code == 200, response.text
        return int(response.json()["available"])


def _app(service: str, database_url: str) -> FastAPI:
    import importlib

    settings = load_service_settings(service).model_copy(update={"database_url": database_url})
    app: FastAPI = importlib.import_module(f"api.{service}.app").create_app(settings=settings)
    return app


@asynccontextmanager
async def market(postgres_url: str, *, only: tuple[str, ...] = SERVICES) -> AsyncIterator[Market]:
    """The services of ``only`` (with what they call), running in-process on fresh databases."""
    urls = {s: migrated_database(s, create_database(postgres_url)) for s in only}
    apps = {s: _app(s, urls[s]) for s in only}
    addresses: dict[UUID, dict[str, Any]] = {}
    xendit: dict[str, Any] = {}
    transports: dict[str, httpx.AsyncBaseTransport] = {
        s: httpx.ASGITransport(app=apps[s]) for s in only
    }
    transports["address"] = httpx.ASGITransport(app=fakes.address_app(addresses))
    quotes: list[dict[str, Any]] = []
    transports["logistic"] = httpx.ASGITransport(app=fakes.logistic_app(quotes))
    if "payment" in apps:
        apps["payment"].state.xendit = XenditClient(
            "http://xendit",
            secret_key="xnd_test",
            transport=httpx.ASGITransport(app=fakes.xendit_app(xendit)),
        )
    for consumer in ("cart", "order"):
        if consumer in apps:
            apps[consumer].state.transports = transports
    if "warehouse" in apps and "product" in apps:
        apps["warehouse"].state.product_client = ServiceClient(
            "http://product",
            internal_api_key=INTERNAL["x-internal-api-key"],
            name="product",
            transport=transports["product"],
        )
    engines = {s: make_async_engine(urls[s], pool_size=5) for s in only}
    try:
        async with AsyncExitStack() as stack:
            clients: dict[str, httpx.AsyncClient] = {}
            for service in only:
                await stack.enter_async_context(
                    apps[service].router.lifespan_context(apps[service])
                )
                clients[service] = await stack.enter_async_context(
                    httpx.AsyncClient(transport=transports[service], base_url="http://service")
                )
            yield Market(
                clients=clients,
                uows={
                    s: UnitOfWorkFactory(make_session_factory(engines[s]), producer=s) for s in only
                },
                apps=apps,
                addresses=addresses,
                xendit=xendit,
                quotes=quotes,
            )
    finally:
        for engine in engines.values():
            await engine.dispose()
        for url in urls.values():
            drop_database(postgres_url, url)
