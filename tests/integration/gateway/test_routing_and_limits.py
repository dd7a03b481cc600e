"""Routing failures answer problem+json; the rate limit answers 429 and recovers; health; docs."""

from __future__ import annotations

import httpx
import pytest

from api.gateway.app import create_app
from api.gateway.settings import GatewaySettings
from tests.integration.gateway.conftest import Edge, edge


async def test_unbuilt_service_prefix_is_503_problem(gw: Edge) -> None:
    response = await gw.client.get("/api/orders/123")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "order" in response.json()["detail"]


async def test_unknown_prefix_is_404_problem(gw: Edge) -> None:
    response = await gw.client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def _timing_out(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("upstream too slow", request=request)


@pytest.mark.parametrize(
    ("url", "mounts", "status"),
    [
        ("http://127.0.0.1:9", None, 502),  # nothing listens on the discard port
        ("http://slow.test", {"all://slow.test": httpx.MockTransport(_timing_out)}, 504),
    ],
    ids=["upstream-down-502", "upstream-timeout-504"],
)
async def test_upstream_failures_are_502_or_504_problems(
    url: str, mounts: dict[str, httpx.AsyncBaseTransport] | None, status: int
) -> None:
    settings = GatewaySettings().model_copy(
        update={
            "services": ["product"],
            "service_urls": {**GatewaySettings().service_urls, "product": url},
        }
    )
    app = create_app(settings=settings, mounts=mounts)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
            response = await client.get("/api/products/1")
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("routable", "status", "problem"),
    [
        (["payment"], 503, "service-unavailable"),
        (["payment", "wallet", "notification"], 502, "bad-gateway"),
    ],
    ids=["not-built-503", "built-but-down-502"],
)
@pytest.mark.parametrize(
    "path",
    ["/webhooks/xendit/disbursement", "/webhooks/xendit/disbursement/x", "/webhooks/messages/x"],
)
async def test_webhooks_of_absent_services_are_clean_problems_and_never_reach_payment(
    path: str, routable: list[str], status: int, problem: str
) -> None:
    """Wallet's and notification's callbacks (DESIGN §5, §10) before those services run: a
    problem naming the service, and payment (whose /webhooks/xendit is a shorter prefix of
    wallet's) never sees them."""
    seen: list[str] = []

    def payment(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(200, json={})

    urls = {**GatewaySettings().service_urls, "payment": "http://payment.test"}
    urls |= {"wallet": "http://127.0.0.1:9", "notification": "http://127.0.0.1:9"}
    settings = GatewaySettings().model_copy(update={"services": routable, "service_urls": urls})
    app = create_app(settings=settings, mounts={"all://payment.test": httpx.MockTransport(payment)})
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
            response = await client.post(path, json={"id": "disb-1", "status": "COMPLETED"})
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    service = "wallet" if "disbursement" in path else "notification"
    assert service in response.json()["detail"]
    assert response.json()["type"].endswith(problem)
    assert seen == []


@pytest.mark.parametrize(
    ("path", "overrides"),
    [
        ("/api/products", {"rate_limit_burst": 3, "rate_limit_per_second": 1.0}),
        ("/api/auth/login", {"auth_rate_limit_burst": 3, "auth_rate_limit_per_second": 1.0}),
    ],
    ids=["default-class", "strict-auth-class"],
)
async def test_rate_limit_answers_429_with_retry_after_and_recovers(
    auth_database: str, path: str, overrides: dict[str, float]
) -> None:
    async with edge(auth_database, **overrides) as e:
        now = [1000.0]
        assert e.gateway.limiter is not None
        e.gateway.limiter.clock = lambda: now[0]
        body = {"email": "x@example.id", "password": "whatever1"}
        for _ in range(3):
            ok = await e.client.post(path, json=body)
            assert ok.status_code != 429
        limited = await e.client.post(path, json=body)
        assert limited.status_code == 429
        assert limited.headers["content-type"] == "application/problem+json"
        assert limited.headers["retry-after"] == "1"
        now[0] += 1.0  # one token back after the window
        assert (await e.client.post(path, json=body)).status_code != 429


async def test_the_limit_is_per_client_ip_for_anonymous_calls(auth_database: str) -> None:
    async with edge(auth_database, rate_limit_burst=1, rate_limit_per_second=0.001) as e:
        assert (await e.client.get("/api/products")).status_code == 200
        assert (await e.client.get("/api/products")).status_code == 429
    async with edge(
        auth_database, rate_limit_burst=1, rate_limit_per_second=0.001, client_ip="198.51.100.9"
    ) as other:
        assert (await other.client.get("/api/products")).status_code == 200


async def test_health_reports_each_upstream(gw: Edge) -> None:
    response = await gw.client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["service"] == "gateway"
    assert set(body["upstreams"]) == {"auth", "product"}
    assert body["upstreams"]["auth"]["status"] == "ok"


async def test_openapi_merges_the_services_public_paths(gw: Edge) -> None:
    response = await gw.client.get("/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/auth/register" in paths
    assert "/api/auth/me" in paths
    assert not any(path.startswith("/internal") for path in paths)
    assert "UserCreate" in response.json()["components"]["schemas"]
    docs = await gw.client.get("/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()


async def test_cors_preflight_is_answered_for_configured_origins(auth_database: str) -> None:
    async with edge(auth_database, cors_origins=["https://shop.lakoo.id"]) as e:
        response = await e.client.options(
            "/api/products",
            headers={"Origin": "https://shop.lakoo.id", "Access-Control-Request-Method": "GET"},
        )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://shop.lakoo.id"
