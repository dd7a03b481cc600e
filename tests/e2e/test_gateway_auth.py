"""The edge as real processes: ``lakoo serve auth`` and ``lakoo serve gateway`` on free ports.

Driven only with HTTP, as a client would: register → login → me through the gateway; the trust
headers a client forges never reach auth; auth's own port refuses calls without the gateway key;
and each registration lands on Kafka exactly once (the relay runs in a thread on the test db).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from uuid import uuid4

import httpx
import pytest

from api.auth.keys import generate_private_key_pem
from api.events import parse_event
from ingestion.relay import OutboxRelay, RelayConfig
from tests.integration.auth.conftest import migrate_auth
from tests.support.kafka import TopicTail

PASSWORD = "e2e-password"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(name: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "lakoo.cli", "serve", name, "--port", str(port)],
        env={**os.environ, "LAKOO_ENV": "test", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not become healthy")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def edge(fresh_database: str) -> Iterator[tuple[str, str, str]]:
    """(gateway URL, auth URL, auth database) with both processes running."""
    database = migrate_auth(fresh_database)
    auth_port, gateway_port = _free_port(), _free_port()
    auth_url = f"http://127.0.0.1:{auth_port}"
    auth = _serve(
        "auth",
        auth_port,
        {"AUTH_DATABASE_URL": database, "AUTH_JWT_PRIVATE_KEY": generate_private_key_pem()},
    )
    gateway = _serve("gateway", gateway_port, {"AUTH_SERVICE_URL": auth_url})
    try:
        _wait_healthy(auth_url, auth)
        _wait_healthy(f"http://127.0.0.1:{gateway_port}", gateway)
        yield f"http://127.0.0.1:{gateway_port}", auth_url, database
    finally:
        _stop(gateway)
        _stop(auth)


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
