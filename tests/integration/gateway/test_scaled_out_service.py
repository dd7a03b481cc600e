"""Three auth processes behind one gateway: requests spread over them; one SIGKILLed, reads go on
(retried on another instance, then the dead one is skipped) and a POST is never sent twice."""

from __future__ import annotations

import os
import signal
from collections.abc import AsyncIterator, Iterator, Sequence
from uuid import uuid4

import httpx
import pytest

from api.gateway.app import create_app
from api.gateway.proxy import Gateway
from api.gateway.settings import GatewaySettings
from tests.integration.auth.conftest import migrate_auth
from tests.support.processes import Process, running, serve
from tests.support.services import app_client

pytestmark = pytest.mark.slow

# instance ports of the scale-out tests' own (never the platform's 3000–3092)
PORTS = [int(os.environ.get("LAKOO_TEST_SCALE_PORT") or 9286) + i for i in range(3)]
JWKS = "/api/auth/.well-known/jwks.json"


@pytest.fixture
def instances(fresh_database: str) -> Iterator[Sequence[Process]]:
    database = migrate_auth(fresh_database)
    env = {"AUTH_DATABASE_URL": database}
    with running(*(serve("auth", env=env, port=port) for port in PORTS), timeout=240) as started:
        yield started


@pytest.fixture
async def edge(instances: Sequence[Process]) -> AsyncIterator[tuple[httpx.AsyncClient, Gateway]]:
    settings = GatewaySettings(
        service_upstreams={"auth": [str(p.url) for p in instances]},
        services=["auth"],
        rate_limit_enabled=False,
    )
    app = create_app(settings)
    async with app_client(app) as client:
        yield client, app.state.gateway


async def _login(client: httpx.AsyncClient) -> httpx.Response:
    body = {"email": f"nobody-{uuid4().hex[:8]}@example.id", "password": "not-the-password"}
    return await client.post("/api/auth/login", json=body)


async def test_instances_share_the_load_and_a_killed_one_costs_no_read_and_no_repeat(
    instances: Sequence[Process], edge: tuple[httpx.AsyncClient, Gateway]
) -> None:
    client, gateway = edge
    pool = gateway.pool("auth")
    for _ in range(30):
        assert (await client.get(JWKS)).status_code == 200
    assert [i.served for i in pool.instances] == [10, 10, 10]
    answered = await _login(client)
    assert answered.status_code == 401, answered.text
    assert sum(i.served for i in pool.instances) == 31

    victim = instances[1].popen
    assert victim is not None
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    for _ in range(30):
        assert (await client.get(JWKS)).status_code == 200, "a read survives the dead instance"
    dead = pool.instances[1]
    assert dead.served == 10 and dead.failures == 1, "tried once, then skipped while marked"
    assert sum(i.served for i in pool.instances) == 61

    # a POST that meets the dead instance is answered 502, not sent to another one
    dead.down_until = 0.0
    while pool.candidates()[1] is not dead:  # rotate so the dead instance comes next
        pass
    served_before = [i.served for i in pool.instances]
    refused = await _login(client)
    assert refused.status_code == 502
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert [i.served for i in pool.instances] == served_before, "no other instance got it"
    assert dead.failures == 2
    # …and marked down, so the next POSTs go to the live instances
    for _ in range(4):
        answered = await _login(client)
        assert answered.status_code == 401, answered.text
    assert dead.served == 10
