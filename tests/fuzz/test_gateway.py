"""The gateway's merged public OpenAPI, fuzzed once through the gateway itself (DESIGN §5):
the document it serves loads, and no generated request to it answers a 5xx or breaks the
schema, with a real customer's bearer token verified against auth's JWKS.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from api.gateway.app import GatewaySettings, create_app
from tests.fuzz.conftest import Seeded
from tests.fuzz.platform import service_base_url
from tests.fuzz.runner import fuzz_gateway


@pytest.fixture
def gateway(seeded: Seeded) -> Iterator[Seeded]:
    """The real gateway app in front of the fuzz platform's services, on the same loop."""
    platform = seeded.platform
    services = sorted(platform.uows)
    settings = GatewaySettings().model_copy(
        update={
            "services": services,
            "service_urls": {s: service_base_url(s) for s in services},
            "rate_limit_enabled": False,
        }
    )
    mounts = {f"all://{s}.fuzz": platform.transport(s) for s in services}
    app = create_app(settings=settings, mounts=mounts)
    with platform.portal.wrap_async_context_manager(app.router.lifespan_context(app)):
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=service_base_url("gateway")
        )
        platform.apps["gateway"], platform.clients["gateway"] = app, client
        try:
            yield seeded
        finally:
            platform.portal.call(client.aclose)
            del platform.apps["gateway"], platform.clients["gateway"]


def test_the_public_api_through_the_gateway_answers_no_server_error(gateway: Seeded) -> None:
    platform = gateway.platform
    email, password = gateway.logins["customer"]
    login = platform.request(
        "gateway", "POST", "/api/auth/login", json={"email": email, "password": password}
    )
    assert login.status_code == 200, login.text
    document = platform.request("gateway", "GET", "/openapi.json").json()
    assert not any(path.startswith("/internal") for path in document["paths"])
    token = {"Authorization": f"Bearer {login.json()['access_token']}"}
    outcome = fuzz_gateway(platform, document, token)
    print(
        f"\ngateway: {outcome.sent} requests over {len(outcome.statuses)} public operations; "
        f"2xx on {len(outcome.reached())}"
    )
    assert len(outcome.statuses) >= 60  # every built service's public operations
    assert not outcome.findings, "\n\n".join(str(f) for f in outcome.findings)
