"""The auth app in-process on a fresh migrated database, with a clock the test controls."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import Engine, func, select

from api.auth.clock import ManualClock
from api.auth.models import OneTimeCode, RefreshToken, SentMessage, User
from api.kit.db import make_sync_engine
from api.kit.tables import outbox
from tests.support.services import migrated_database, service_client


@dataclass
class AuthHarness:
    client: httpx.AsyncClient
    clock: ManualClock
    engine: Engine

    def count(self, table: str) -> int:
        """Rows in one of auth_db's tables (``outbox`` included)."""
        source = {
            "users": User.__table__,
            "refresh_tokens": RefreshToken.__table__,
            "one_time_codes": OneTimeCode.__table__,
            "sent_messages": SentMessage.__table__,
            "outbox": outbox,
        }[table]
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(source)) or 0)

    def messages(self, recipient: str) -> list[dict[str, object]]:
        """What the local message sink recorded for ``recipient``, oldest first."""
        table = SentMessage.__table__
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(table.c.subject, table.c.body)
                .where(table.c.recipient == recipient)
                .order_by(table.c.id)
            )
            return [dict(row._mapping) for row in rows]

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
async def auth(auth_database: str, auth_engine: Engine) -> AsyncIterator[AuthHarness]:
    clock = ManualClock()

    def use_clock(app: object) -> None:
        app.state.clock = clock  # type: ignore[attr-defined]

    async with service_client("auth", auth_database, configure=use_clock) as client:
        yield AuthHarness(client=client, clock=clock, engine=auth_engine)
