"""Fixtures of the seller's integration tests: the seller app with the real apps it calls —
address (villages loaded once per package), auth, and the wallet with its Xendit sandbox — all
in-process, wired through ASGI transports. Events the seller publishes are handed to the
wallet's and product's handlers as their workers would (inbox claim + handler, one transaction).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from api.events import build_envelope, parse_event
from api.events.base import EventPayload
from api.kit import inbox
from api.kit.auth import Role
from api.kit.consumer import Handler
from api.kit.db import make_async_engine, make_session_factory
from api.kit.uow import UnitOfWorkFactory
from api.seller.upstream import build_upstreams
from lakoo.sandboxes.xendit import XenditSandboxSettings, create_xendit_sandbox
from tests.support.databases import create_database, drop_database
from tests.support.services import app_client, as_user, internal_headers, migrated_database

INTERNAL = internal_headers()
ADMIN = as_user(Role.admin)
GAMBIR = {"village_code": "31.71.01.1001", "postal_code": "10110"}
PDF = b"%PDF-1.4\n% a scanned KTP\n" + b"0" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


@pytest.fixture(scope="package")
def address_db(postgres_url: str) -> Iterator[str]:
    """One migrated address database for the package (the villages load once)."""
    url = create_database(postgres_url)
    migrated_database("address", url)
    yield url
    drop_database(postgres_url, url)


@pytest.fixture(scope="package")
def service_dbs(postgres_url: str) -> Iterator[dict[str, str]]:
    """Migrated seller, auth, wallet and advertisement databases shared by the package's tests:
    every test acts as users of its own (random ids), so none sees another's shops or money."""
    names = ("seller", "auth", "wallet", "advertisement")
    urls = {name: create_database(postgres_url) for name in names}
    for name, url in urls.items():
        migrated_database(name, url)
    yield urls
    for url in urls.values():
        drop_database(postgres_url, url)


@dataclass
class Platform:
    """The seller app's client and those of the apps it calls, with their databases."""

    seller: httpx.AsyncClient
    auth: httpx.AsyncClient
    wallet: httpx.AsyncClient
    sandbox: httpx.AsyncClient
    seller_app: FastAPI
    uows: dict[str, UnitOfWorkFactory]
    delivered: dict[str, int] = field(default_factory=dict)
    # the advertisement app the dashboard asks for the 7-day ROAS
    ads: httpx.AsyncClient | None = None

    async def sql(self, service: str, query: str, **params: Any) -> list[Any]:
        async with self.uows[service]() as uow:
            return list(await uow.session.execute(text(query), params))

    async def scalar(self, service: str, query: str, **params: Any) -> Any:
        rows = await self.sql(service, query, **params)
        return rows[0][0] if rows else None

    async def counts(self) -> dict[str, int]:
        """Rows of the seller's tables and outbox: what a refused request must leave as it was."""
        tables = ("sellers", "seller_documents", "bank_accounts", "commission_rates", "outbox")
        return {t: int(await self.scalar("seller", f"SELECT count(*) FROM {t}")) for t in tables}

    async def events(self, event_type: str, seller_id: UUID) -> list[dict[str, Any]]:
        """The seller's outbox payloads of one type about one shop, oldest first."""
        rows = await self.sql(
            "seller",
            "SELECT payload FROM outbox WHERE event_type = :type AND aggregate_id = :id"
            " ORDER BY id",
            type=event_type,
            id=str(seller_id),
        )
        return [dict(payload) for (payload,) in rows]

    async def event_types(self, seller_id: UUID) -> list[str]:
        rows = await self.sql(
            "seller",
            "SELECT event_type FROM outbox WHERE aggregate_id = :id ORDER BY id",
            id=str(seller_id),
        )
        return [t for (t,) in rows]

    async def relay(self, service: str, handlers: dict[str, Handler]) -> int:
        """Hand the seller's new outbox events to ``service``'s handlers as its worker would."""
        rows = await self.sql(
            "seller",
            "SELECT id, event_id, event_type, aggregate_type, aggregate_id, payload, created_at"
            " FROM outbox WHERE id > :after ORDER BY id",
            after=self.delivered.get(service, 0),
        )
        applied = 0
        for row_id, event_id, event_type, aggregate_type, aggregate_id, payload, created in rows:
            self.delivered[service] = row_id
            handler = handlers.get(event_type)
            if handler is None:
                continue
            event = parse_event(
                json.dumps(
                    {
                        "event_id": str(event_id),
                        "event_type": event_type,
                        "event_version": 1,
                        "aggregate_type": aggregate_type,
                        "aggregate_id": aggregate_id,
                        "occurred_at": created.isoformat(),
                        "producer": "seller",
                        "correlation_id": None,
                        "payload": payload,
                    }
                )
            )
            async with self.uows[service]() as uow:
                if await inbox.claim(
                    uow.session, event_id=event.event_id, consumer=service, event_type=event_type
                ):
                    await handler(event, uow)
                    applied += 1
                await uow.commit()
        return applied


async def deliver(
    p: Platform,
    service: str,
    handlers: dict[str, Handler],
    payload: EventPayload,
    aggregate_id: UUID,
    event_id: UUID | None = None,
) -> bool:
    """One event to ``service``'s handler as its worker would; False when its inbox had it."""
    envelope = build_envelope(payload, aggregate_id=aggregate_id, producer="test")
    if event_id is not None:
        envelope = envelope.model_copy(update={"event_id": event_id})
    event = parse_event(envelope.model_dump_json())
    async with p.uows[service]() as uow:
        if not await inbox.claim(
            uow.session, event_id=event.event_id, consumer=service, event_type=event.event_type
        ):
            return False
        await handlers[event.event_type](event, uow)
        await uow.commit()
    return True


async def _factory(stack: AsyncExitStack, url: str, producer: str) -> UnitOfWorkFactory:
    engine = make_async_engine(url, pool_size=2)
    stack.push_async_callback(engine.dispose)
    return UnitOfWorkFactory(make_session_factory(engine), producer=producer)


@pytest.fixture
async def p(
    service_dbs: dict[str, str], address_db: str, tmp_path: Path
) -> AsyncIterator[Platform]:
    """Seller ⇄ address, auth, wallet ⇄ Xendit sandbox, advertisement, each on a database of
    its own."""
    from api.address import app as address_app
    from api.advertisement import app as advertisement_app
    from api.auth import app as auth_app
    from api.seller import app as seller_app
    from api.wallet import app as wallet_app

    urls = service_dbs
    async with AsyncExitStack() as stack:
        wallet_settings = wallet_app.get_settings().model_copy(
            update={"database_url": urls["wallet"]}
        )
        wallet = wallet_app.create_app(settings=wallet_settings)
        sandbox = create_xendit_sandbox(
            XenditSandboxSettings(
                secret_key=wallet_settings.xendit_secret_key.get_secret_value(),
                callback_token=wallet_settings.xendit_callback_token.get_secret_value(),
                disbursement_callback_url="http://wallet/webhooks/xendit/disbursement",
                disbursement_completion_seconds=0,
            ),
            callback_transport=httpx.ASGITransport(app=wallet),
        )
        from api.wallet.xendit import XenditDisbursements

        wallet.state.xendit = XenditDisbursements(
            "http://xendit",
            secret_key=wallet_settings.xendit_secret_key.get_secret_value(),
            transport=httpx.ASGITransport(app=sandbox),
        )
        auth = auth_app.create_app(
            settings=auth_app.get_settings().model_copy(update={"database_url": urls["auth"]})
        )
        address = address_app.create_app(
            settings=address_app.get_settings().model_copy(update={"database_url": address_db})
        )
        settings = seller_app.get_settings().model_copy(
            update={
                "database_url": urls["seller"],
                "documents_root": tmp_path / "documents",
                "statements_root": tmp_path / "reports",
            }
        )
        advertisement = advertisement_app.create_app(
            settings=advertisement_app.get_settings().model_copy(
                update={"database_url": urls["advertisement"]}
            )
        )
        advertisement.state.transports = {"wallet": httpx.ASGITransport(app=wallet)}
        seller = seller_app.create_app(settings=settings)
        seller.state.upstreams = build_upstreams(
            urls={
                "auth": "http://auth",
                "address": "http://address",
                "wallet": "http://wallet",
                "advertisement": "http://advertisement",
            },
            internal_api_key=settings.internal_api_key.get_secret_value(),
            timeout=10.0,
            transports={
                "auth": httpx.ASGITransport(app=auth),
                "address": httpx.ASGITransport(app=address),
                "wallet": httpx.ASGITransport(app=wallet),
                "advertisement": httpx.ASGITransport(app=advertisement),
            },
        )
        wallet_client = await stack.enter_async_context(app_client(wallet))
        auth_client = await stack.enter_async_context(app_client(auth))
        await stack.enter_async_context(app_client(address))
        seller_client = await stack.enter_async_context(app_client(seller))
        ads_client = await stack.enter_async_context(app_client(advertisement))
        sandbox_client = await stack.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox), base_url="http://xendit")
        )
        uows = {
            "seller": await _factory(stack, urls["seller"], "seller"),
            "auth": await _factory(stack, urls["auth"], "auth"),
            "wallet": await _factory(stack, urls["wallet"], "wallet"),
            "advertisement": await _factory(stack, urls["advertisement"], "advertisement"),
        }
        platform = Platform(
            seller_client, auth_client, wallet_client, sandbox_client, seller, uows, ads=ads_client
        )
        # earlier tests' events were delivered by their own platform
        last = int(await platform.scalar("seller", "SELECT coalesce(max(id), 0) FROM outbox"))
        platform.delivered = {"wallet": last, "product": last, "advertisement": last}
        yield platform


def application(**overrides: Any) -> dict[str, Any]:
    """A valid application of an individual in Gambir, Jakarta Pusat."""
    body: dict[str, Any] = {
        "shop_name": f"Toko Batik {uuid4().hex[:6]}",
        "business_type": "individual",
        "legal_name": "Budi Santoso",
        "pickup_address": {
            "recipient_name": "Budi Santoso",
            "phone": "0812-3456-7890",
            "street": "Jl. Medan Merdeka Barat No. 12",
            **GAMBIR,
        },
    }
    return body | overrides


async def registered_user(p: Platform, full_name: str = "Budi Santoso") -> UUID:
    """A user registered in auth (a customer)."""
    response = await p.auth.post(
        "/api/auth/register",
        json={
            "email": f"{uuid4().hex[:10]}@example.id",
            "password": "a long enough password 123",
            "full_name": full_name,
        },
    )
    assert response.status_code == 201, response.text
    return UUID(response.json()["id"])


async def applied(p: Platform, **overrides: Any) -> UUID:
    """A registered user with a pending shop."""
    user_id = await registered_user(p)
    response = await p.seller.post(
        "/api/sellers", json=application(**overrides), headers=as_user(Role.customer, user_id)
    )
    assert response.status_code == 201, response.text
    return user_id


async def upload(
    p: Platform, user_id: UUID, kind: str, data: bytes = PDF, role: Role = Role.customer
) -> httpx.Response:
    return await p.seller.post(
        "/api/sellers/me/documents",
        data={"kind": kind},
        files={"file": (f"{kind}.pdf", data, "application/pdf")},
        headers=as_user(role, user_id),
    )


async def verified(p: Platform, **overrides: Any) -> UUID:
    """An active individual seller (KTP uploaded, verified by an admin)."""
    user_id = await applied(p, **overrides)
    assert (await upload(p, user_id, "ktp")).status_code == 201
    response = await p.seller.post(f"/api/sellers/{user_id}/verify", json={}, headers=ADMIN)
    assert response.status_code == 200, response.text
    return user_id


def seller_headers(user_id: UUID) -> dict[str, str]:
    return as_user(Role.seller, user_id)


def now() -> datetime:
    return datetime.now(UTC)
