"""A message to a user whose ``user.registered`` has not been consumed yet: auth is asked.

Auth runs in-process on its own migrated database; notification reaches it over HTTP with the
internal key (``GET /internal/auth/users/{id}``), as the worker does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import FastAPI

from api.kit.client import ServiceClient
from api.notification.service.resolve import AuthDirectory, Contact
from tests.integration.notification import events
from tests.support.databases import create_database, drop_database
from tests.support.messaging import Messaging, messaging
from tests.support.processes import free_port
from tests.support.services import internal_headers, migrated_database, service_client


@dataclass
class Switchable:
    """Auth as the worker reaches it, or an address where nothing listens (auth down)."""

    up: AuthDirectory
    down: AuthDirectory
    reachable: bool = True

    async def lookup(self, user_id: UUID) -> Contact | None:
        return await (self.up if self.reachable else self.down).lookup(user_id)

    async def aclose(self) -> None:
        await self.up.aclose()
        await self.down.aclose()


@dataclass
class World:
    h: Messaging
    auth: httpx.AsyncClient
    directory: Switchable


@pytest.fixture
def auth_database(postgres_url: str) -> Iterator[str]:
    url = create_database(postgres_url)
    migrated_database("auth", url)
    yield url
    drop_database(postgres_url, url)


@pytest.fixture
async def world(fresh_database: str, auth_database: str) -> AsyncIterator[World]:
    apps: list[FastAPI] = []
    async with service_client("auth", auth_database, configure=apps.append) as auth:
        key = internal_headers()["x-internal-api-key"]
        directory = Switchable(
            up=AuthDirectory(
                ServiceClient(
                    "http://auth",
                    internal_api_key=key,
                    transport=httpx.ASGITransport(app=apps[0]),
                )
            ),
            down=AuthDirectory(
                ServiceClient(f"http://127.0.0.1:{free_port()}", internal_api_key=key, retries=0)
            ),
        )
        async with messaging(fresh_database, directory=directory) as h:
            yield World(h, auth, directory)


async def _signed_up(auth: httpx.AsyncClient) -> tuple[UUID, str]:
    email = f"dewi.{uuid4().hex[:8]}@example.id"
    body = {"email": email, "password": "batik-parang-2026", "full_name": "Dewi Lestari"}
    registered = await auth.post("/api/auth/register", json=body)
    assert registered.status_code == 201
    return UUID(registered.json()["id"]), email


async def _email_rows(h: Messaging) -> list[Any]:
    return await h.rows(
        "select status, attempts, last_error from messages"
        " where kind = 'payment_received' and channel = 'email'"
    )


async def test_a_recipient_not_learnt_yet_is_asked_of_auth_and_remembered(world: World) -> None:
    h = world.h
    user_id, email = await _signed_up(world.auth)
    await h.consume(events.paid(user_id))  # their user.registered is still on its way
    await h.deliver()
    (sent,) = await h.received(to=email, kind="payment_received")
    assert "Rp 150.000" in sent["body"]
    assert await h.rows("select email, full_name from recipients") == [(email, "Dewi Lestari")]
    assert (await _email_rows(h))[0][:2] in (("sent", 1), ("delivered", 1))


async def test_auth_unreachable_holds_the_message_for_later_and_drops_nothing(
    world: World,
) -> None:
    h = world.h
    user_id, email = await _signed_up(world.auth)
    await h.consume(events.paid(user_id))
    world.directory.reachable = False
    for _ in range(3):  # auth down for several rounds: not sent, not counted, not failed
        await h.deliver()
        h.advance(minutes=5)
    assert await h.received(to=email) == []
    assert await _email_rows(h) == [("queued", 0, None)]
    assert await h.scalar("select count(*) from recipients") == 0
    world.directory.reachable = True
    h.advance(minutes=5)
    await h.deliver()
    assert len(await h.received(to=email, kind="payment_received")) == 1


async def test_a_user_auth_does_not_know_is_recorded_as_not_sent(world: World) -> None:
    h = world.h
    await h.consume(events.paid(uuid4()))
    await h.deliver()
    assert await _email_rows(h) == [("failed", 1, "recipient unknown to auth")]
    h.advance(hours=2)
    assert await h.deliver() == 0
    assert await h.scalar("select count(*) from recipients") == 0
