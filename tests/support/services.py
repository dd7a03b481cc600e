"""In-process service harness: a migrated database of the service's own and an httpx client.

    async with service_client("warehouse", database_url) as client:
        await client.post("/api/...", headers=as_user(Role.admin), json=...)

The app runs with its real lifespan (engine, clients) through ``ASGITransport``.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import UUID, uuid4

import httpx
from fastapi import FastAPI
from sqlalchemy import Engine, func, select, text

from api.events import EventPayload, build_envelope, parse_event
from api.kit import inbox, migrate
from api.kit.auth import Role
from api.kit.consumer import Handler
from api.kit.db import make_async_engine, make_session_factory
from api.kit.settings import CommonSettings, load_service_settings
from api.kit.tables import outbox
from api.kit.uow import UnitOfWorkFactory


def migrated_database(service: str, database_url: str) -> str:
    """Run ``service``'s Alembic history on ``database_url`` (a fresh database)."""
    migrate.upgrade(service, database_url=database_url)
    return database_url


def gateway_headers(user_id: UUID | None = None, role: Role = Role.customer) -> dict[str, str]:
    """The headers the gateway adds for an authenticated caller."""
    settings = CommonSettings()
    return {
        "x-gateway-key": settings.gateway_secret_key.get_secret_value(),
        "x-user-id": str(user_id or uuid4()),
        "x-user-role": role.value,
    }


def as_user(role: Role = Role.customer, user_id: UUID | None = None) -> dict[str, str]:
    """Shorthand for ``gateway_headers`` with the role first."""
    return gateway_headers(user_id, role)


def internal_headers() -> dict[str, str]:
    """The header of a service-to-service call."""
    return {"x-internal-api-key": CommonSettings().internal_api_key.get_secret_value()}


@asynccontextmanager
async def app_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client on ``app`` with its lifespan running."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            yield client


@asynccontextmanager
async def service_client(
    service: str,
    database_url: str,
    *,
    settings_overrides: dict[str, Any] | None = None,
    configure: Callable[[FastAPI], None] | None = None,
) -> AsyncIterator[httpx.AsyncClient]:
    """The real app of ``service`` on ``database_url``, settings overridden as given."""
    settings = load_service_settings(service).model_copy(
        update={"database_url": database_url, **(settings_overrides or {})}
    )
    app = importlib.import_module(f"api.{service}.app").create_app(settings=settings)
    if configure:
        configure(app)
    async with app_client(app) as client:
        yield client


@asynccontextmanager
async def app_and_sandbox(
    app: FastAPI,
    sandbox: FastAPI,
    *,
    sandbox_url: str,
    database_url: str,
    producer: str,
    pool_size: int = 2,
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient, UnitOfWorkFactory]]:
    """Clients on a service ``app`` and on its provider's ``sandbox`` (both in-process), and a
    unit-of-work factory on the service's database for tests that look behind the API."""
    engine = make_async_engine(database_url, pool_size=pool_size)
    try:
        async with (
            app_client(app) as client,
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=sandbox), base_url=sandbox_url
            ) as sandbox_client,
        ):
            uow_factory = UnitOfWorkFactory(make_session_factory(engine), producer=producer)
            yield client, sandbox_client, uow_factory
    finally:
        await engine.dispose()


async def apply_event(
    uows: UnitOfWorkFactory,
    handlers: Mapping[str, Handler],
    payload: EventPayload,
    *,
    aggregate_id: UUID | str,
    consumer: str,
) -> None:
    """Apply one event through a service's handler table as the consumer runtime does: parsed
    from the wire, claimed in the inbox and handled in one transaction."""
    envelope = build_envelope(payload, aggregate_id=aggregate_id, producer="test")
    event = parse_event(envelope.model_dump_json().encode())
    async with uows() as uow:
        claimed = await inbox.claim(
            uow.session, event_id=event.event_id, consumer=consumer, event_type=event.event_type
        )
        assert claimed, "a fresh event is claimed once"
        await handlers[event.event_type](event, uow)
        await uow.commit()


@dataclass
class ServiceUnderTest:
    """A service app in-process with what its tests look at behind the API: its database (rows
    per table, outbox payloads), a unit-of-work factory on it, and the settings whose clock the
    test moves (``clock_offset_seconds``) instead of sleeping."""

    client: httpx.AsyncClient
    db: Engine
    uows: UnitOfWorkFactory
    settings: Any
    admin: dict[str, str]

    # the tables whose row counts prove "nothing was written"
    TABLES: ClassVar[tuple[str, ...]] = ("outbox",)

    def count(self, table: str) -> int:
        with self.db.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(text(table))) or 0)

    def counts(self) -> dict[str, int]:
        return {table: self.count(table) for table in self.TABLES}

    def events(self, event_type: str) -> list[dict[str, Any]]:
        """Payloads of ``event_type`` in the outbox, oldest first."""
        with self.db.connect() as conn:
            rows = conn.execute(
                select(outbox.c.payload)
                .where(outbox.c.event_type == event_type)
                .order_by(outbox.c.id)
            )
            return [row[0] for row in rows]

    def at(self, moment: datetime) -> None:
        """Move the service's clock so that ``now()`` is ``moment`` (plus the test's own run)."""
        self.settings.clock_offset_seconds = (moment - datetime.now(UTC)).total_seconds()
