"""The auth app in-process on a fresh migrated database, with a clock the test controls."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import Engine, func, select

from api.auth.clock import ManualClock
from api.auth.messaging import NotificationSender
from api.auth.models import OneTimeCode, RefreshToken, User
from api.kit.client import ServiceClient
from api.kit.db import make_sync_engine
from api.kit.tables import outbox
from tests.support.databases import create_database, drop_database
from tests.support.messaging import Messaging, messaging
from tests.support.services import internal_headers, migrated_database, service_client


@dataclass
class AuthHarness:
    client: httpx.AsyncClient
    clock: ManualClock
    engine: Engine
    messaging: Messaging | None = None

    def count(self, table: str) -> int:
        """Rows in one of auth_db's tables (``outbox`` included)."""
        source = {
            "users": User.__table__,
            "refresh_tokens": RefreshToken.__table__,
            "one_time_codes": OneTimeCode.__table__,
            "outbox": outbox,
        }[table]
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(source)) or 0)

    async def last_message(self, recipient: str) -> str:
        """The newest message that reached ``recipient`` in the messaging sandbox, as they read
        it (queued ones delivered first)."""
        assert self.messaging is not None, "this test sends messages: use auth_messaging"
        await self.messaging.deliver()
        received = await self.messaging.received(to=recipient)
        assert received, f"nothing reached {recipient}"
        body: str = received[0]["body"]
        return body

    def events(self, event_type: str) -> list[dict[str, object]]:
        """Payloads of the outbox rows of one event type, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(outbox.c.payload)
                .where(outbox.c.event_type == event_type)
                .order_by(outbox.c.id)
            )
            return [row.payload for row in rows]


def migrate_auth(database_url: str) -> str:
    """auth's Alembic history on ``database_url``."""
    return migrated_database("auth", database_url)


@pytest.fixture
def auth_database(fresh_database: str) -> str:
    return migrate_auth(fresh_database)


@pytest.fixture
def auth_engine(auth_database: str) -> Iterator[Engine]:
    engine = make_sync_engine(auth_database)
    yield engine
    engine.dispose()


@pytest.fixture
def notification_database(postgres_url: str) -> Iterator[str]:
    url = create_database(postgres_url)
    yield url
    drop_database(postgres_url, url)


@pytest.fixture
async def auth(auth_database: str, auth_engine: Engine) -> AsyncIterator[AuthHarness]:
    """Auth in-process (tests that send no message)."""
    clock = ManualClock()

    def use_clock(app: object) -> None:
        app.state.clock = clock  # type: ignore[attr-defined]

    async with service_client("auth", auth_database, configure=use_clock) as client:
        yield AuthHarness(client=client, clock=clock, engine=auth_engine)


@pytest.fixture
async def auth_messaging(
    auth_database: str, auth_engine: Engine, notification_database: str
) -> AsyncIterator[AuthHarness]:
    """Auth in-process, sending its codes through the notification app (also in-process) to the
    messaging sandbox's SMTP server."""
    clock = ManualClock()
    async with messaging(notification_database) as notifications:

        def configure(app: object) -> None:
            app.state.clock = clock  # type: ignore[attr-defined]
            app.state.message_sender = NotificationSender(  # type: ignore[attr-defined]
                ServiceClient(
                    "http://notification",
                    internal_api_key=internal_headers()["x-internal-api-key"],
                    transport=httpx.ASGITransport(app=notifications.app),
                )
            )

        async with service_client("auth", auth_database, configure=configure) as client:
            yield AuthHarness(
                client=client, clock=clock, engine=auth_engine, messaging=notifications
            )
