"""Fixtures of the advertisement tests: the advertisement app and the real wallet app it debits
(in-process, through an ASGI transport), each on a database of its own shared by the package;
every test acts as sellers and shoppers of its own (random ids), so none sees another's
campaigns or money. What other services announce (sellers, products, wallet credits) is handed
to the advertisement's handlers as its worker would."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from sqlalchemy import text

from api.advertisement.consumers import handlers
from api.advertisement.upstream import WalletClient
from api.events.base import EventPayload
from api.events.product import ProductCreated
from api.events.seller import SellerSuspended, SellerVerified
from api.kit.auth import Role
from api.kit.consumer import Handler
from api.kit.db import make_async_engine, make_session_factory
from api.kit.uow import UnitOfWorkFactory
from tests.support.databases import create_database, drop_database
from tests.support.services import (
    app_client,
    apply_event,
    as_user,
    internal_headers,
    migrated_database,
)

INTERNAL = internal_headers()
ADMIN = as_user(Role.admin)
TABLES = ("campaigns", "impressions", "clicks", "charges", "outbox")


@pytest.fixture(scope="package")
def service_dbs(postgres_url: str) -> Iterator[dict[str, str]]:
    urls = {name: create_database(postgres_url) for name in ("advertisement", "wallet")}
    for name, url in urls.items():
        migrated_database(name, url)
    yield urls
    for url in urls.values():
        drop_database(postgres_url, url)


@dataclass
class Ads:
    """The advertisement app's client, the wallet's, and a unit-of-work factory on advert_db."""

    client: httpx.AsyncClient
    wallet: httpx.AsyncClient
    uows: UnitOfWorkFactory
    settings: Any
    handlers: dict[str, Handler]

    async def sql(self, query: str, **params: Any) -> list[Any]:
        async with self.uows() as uow:
            return list(await uow.session.execute(text(query), params))

    async def scalar(self, query: str, **params: Any) -> Any:
        rows = await self.sql(query, **params)
        return rows[0][0] if rows else None

    async def counts(self) -> dict[str, int]:
        return {t: int(await self.scalar(f"SELECT count(*) FROM {t}")) for t in TABLES}

    async def events(self, event_type: str, campaign_id: UUID) -> list[dict[str, Any]]:
        rows = await self.sql(
            "SELECT payload FROM outbox WHERE event_type = :t AND aggregate_id = :id ORDER BY id",
            t=event_type,
            id=str(campaign_id),
        )
        return [dict(p) for (p,) in rows]

    async def deliver(self, payload: EventPayload, aggregate_id: UUID) -> None:
        await apply_event(
            self.uows, self.handlers, payload, aggregate_id=aggregate_id, consumer="advertisement"
        )

    async def seller(self) -> UUID:
        """A verified (active) seller of its own."""
        user_id = uuid4()
        await self.deliver(
            SellerVerified(
                seller_id=uuid4(),
                user_id=user_id,
                seller_number=f"SL-{user_id.hex[:8]}",
                shop_name="Toko",
                verified_by=uuid4(),
                verified_at=datetime.now(UTC) - timedelta(days=1),
                commission_rate_bps=0,
            ),
            user_id,
        )
        return user_id

    async def suspend(self, seller_id: UUID) -> None:
        await self.deliver(
            SellerSuspended(
                seller_id=uuid4(),
                user_id=seller_id,
                reason="fraud",
                suspended_by=uuid4(),
                suspended_at=datetime.now(UTC),
            ),
            seller_id,
        )

    async def product(self, seller_id: UUID, name: str = "Kemeja Batik Pria") -> UUID:
        product_id = uuid4()
        await self.deliver(
            ProductCreated(
                product_id=product_id,
                seller_id=seller_id,
                name=name,
                slug=f"p-{product_id.hex[:8]}",
                category_id=uuid4(),
                status="active",
                variants=[],
                created_at=datetime.now(UTC) - timedelta(hours=1),
            ),
            product_id,
        )
        return product_id

    async def campaign(
        self, seller_id: UUID, product_id: UUID, *, approve: bool = True, **terms: Any
    ) -> dict[str, Any]:
        """A campaign of the seller's (approved unless told otherwise)."""
        body = campaign_body(product_id, **terms)
        created = await self.client.post(
            "/api/ads/campaigns", json=body, headers=as_user(Role.seller, seller_id)
        )
        assert created.status_code == 201, created.text
        campaign: dict[str, Any] = created.json()
        if approve:
            approved = await self.client.post(
                f"/api/ads/campaigns/{campaign['id']}/approve", headers=ADMIN
            )
            assert approved.status_code == 200, approved.text
            campaign = approved.json()
        return campaign

    async def serve(self, q: str, *, limit: int = 3, **headers: str) -> list[dict[str, Any]]:
        answer = await self.client.get(
            "/api/ads/placements",
            params={"placement": "search", "q": q, "limit": limit},
            headers=headers,
        )
        assert answer.status_code == 200, answer.text
        return list(answer.json()["items"])

    async def credit(self, seller_id: UUID, amount: int) -> dict[str, Any]:
        answer = await self.wallet.post(
            "/internal/wallets/credits",
            headers=INTERNAL,
            json={
                "user_id": str(seller_id),
                "owner_type": "seller",
                "amount": amount,
                "reason": "adjustment",
                "reference_type": "test",
                "reference_id": uuid4().hex,
                "idempotency_key": uuid4().hex,
            },
        )
        assert answer.status_code == 201, answer.text
        return dict(answer.json())

    async def available(self, seller_id: UUID) -> int:
        answer = await self.wallet.get(
            f"/internal/wallets/users/{seller_id}",
            params={"owner_type": "seller"},
            headers=INTERNAL,
        )
        return int(answer.json()["available"])


def campaign_body(product_id: UUID, **terms: Any) -> dict[str, Any]:
    """A valid sponsored-search CPC campaign on ``product_id``, terms overridden as given."""
    unique = uuid4().hex[:10]
    body: dict[str, Any] = {
        "name": f"Batik {unique}",
        "type": "sponsored_search",
        "pricing_model": "cpc",
        "bid": 1000,
        "daily_budget": 50_000,
        "total_budget": 200_000,
        "starts_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        "keywords": ["batik", f"kw{unique}"],
        "product_ids": [str(product_id)],
    }
    return body | terms


@pytest.fixture
async def ads(service_dbs: dict[str, str]) -> AsyncIterator[Ads]:
    from api.advertisement import app as ads_app
    from api.wallet import app as wallet_app

    async with AsyncExitStack() as stack:
        wallet = wallet_app.create_app(
            settings=wallet_app.get_settings().model_copy(
                update={"database_url": service_dbs["wallet"]}
            )
        )
        settings = ads_app.get_settings().model_copy(
            update={"database_url": service_dbs["advertisement"]}
        )
        app = ads_app.create_app(settings=settings)
        app.state.transports["wallet"] = httpx.ASGITransport(app=wallet)
        wallet_client = await stack.enter_async_context(app_client(wallet))
        client = await stack.enter_async_context(app_client(app))
        engine = make_async_engine(service_dbs["advertisement"], pool_size=4)
        stack.push_async_callback(engine.dispose)
        uows = UnitOfWorkFactory(make_session_factory(engine), producer="advertisement")

        def in_process_wallet() -> WalletClient:
            return WalletClient(
                "http://wallet",
                internal_api_key=settings.internal_api_key.get_secret_value(),
                timeout=10.0,
                transport=httpx.ASGITransport(app=wallet),
            )

        yield Ads(client, wallet_client, uows, settings, handlers(in_process_wallet))
