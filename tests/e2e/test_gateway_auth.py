"""The edge as real processes: ``lakoo serve auth`` and ``lakoo serve gateway`` on free ports.

Driven only with HTTP, as a client would: register → login → me through the gateway; the trust
headers a client forges never reach auth; auth's own port refuses calls without the gateway key;
and each registration lands on Kafka exactly once (the relay runs in a thread on the test db).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from uuid import uuid4

import httpx
import pytest

from api.auth.keys import generate_private_key_pem
from api.events import parse_event
from ingestion.relay import OutboxRelay, RelayConfig
from tests.integration.auth.conftest import migrate_auth
from tests.support.kafka import TopicTail
from tests.support.processes import running, serve

PASSWORD = "e2e-password"


@pytest.fixture
def edge(fresh_database: str) -> Iterator[tuple[str, str, str]]:
    """(gateway URL, auth URL, auth database) with both processes running."""
    database = migrate_auth(fresh_database)
    auth = serve(
        "auth",
        env={"AUTH_DATABASE_URL": database, "AUTH_JWT_PRIVATE_KEY": generate_private_key_pem()},
    )
    gateway = serve("gateway", env={"AUTH_SERVICE_URL": str(auth.url)})
    with running(auth, gateway):
        yield str(gateway.url), str(auth.url), database


def test_signup_login_me_headers_and_events_through_real_processes(
    edge: tuple[str, str, str], kafka_bootstrap: str
) -> None:
    gateway_url, auth_url, database = edge
    emails = [f"e2e-{uuid4().hex[:8]}@example.id" for _ in range(2)]
    with TopicTail(kafka_bootstrap, "user.events") as tail, httpx.Client(base_url=gateway_url) as c:
        ids = []
        for email in emails:
            created = c.post(
                "/api/auth/register",
                json={"email": email, "password": PASSWORD, "full_name": "Dewi"},
            )
            assert created.status_code == 201, created.text
            ids.append(created.json()["id"])
        tokens = c.post("/api/auth/login", json={"email": emails[0], "password": PASSWORD}).json()
        bearer = {"Authorization": f"Bearer {tokens['access_token']}"}

        me = c.get("/api/auth/me", headers=bearer)
        assert me.status_code == 200, me.text
        assert me.json()["id"] == ids[0]

        # a client forging identity and keys: auth sees only what the gateway vouches for
        forged = c.get(
            "/api/auth/me",
            headers={
                **bearer,
                "x-user-id": ids[1],
                "x-user-role": "admin",
                "x-gateway-key": "guess",
                "x-internal-api-key": "guess",
            },
        )
        assert forged.status_code == 200
        assert forged.json()["id"] == ids[0]
        assert forged.json()["role"] == "customer"

        # around the gateway, straight to auth's port: no gateway key, no identity
        direct = httpx.get(
            f"{auth_url}/api/auth/me", headers={"x-user-id": ids[0], "x-user-role": "admin"}
        )
        assert direct.status_code == 401
        assert direct.headers["content-type"] == "application/problem+json"

        relay = OutboxRelay(
            name="e2e-auth",
            dsn=database,
            bootstrap=kafka_bootstrap,
            config=RelayConfig(poll_interval=0.1),
        )
        stop = threading.Event()
        thread = threading.Thread(target=relay.run, args=(stop,))
        thread.start()
        try:
            messages = tail.collect(at_least=3, timeout=30, settle=1.0)
        finally:
            stop.set()
            thread.join()

    registered = [
        event
        for event in (parse_event(m.value() or b"") for m in messages)
        if event.envelope.event_type == "user.registered" and str(event.payload.user_id) in ids  # type: ignore[attr-defined]
    ]
    assert sorted(str(e.payload.user_id) for e in registered) == sorted(ids)  # type: ignore[attr-defined]
