"""The gateway cannot be walked around (DESIGN §5): one normalised path for routing, limits and
forwarding; bodies over the limit answer 413 however they are framed; a forged X-Forwarded-For
never moves a client to another rate-limit bucket.

Raw paths are sent as ASGI scopes, not through httpx: an HTTP client resolves ``..`` itself,
which is exactly what an attacker's ``curl --path-as-is`` does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
import pytest
from fastapi import FastAPI

from tests.integration.gateway.conftest import Edge, edge


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return orjson.loads(self.body)


async def asgi_call(
    app: FastAPI,
    method: str,
    raw_path: bytes,
    *,
    headers: Sequence[tuple[bytes, bytes]] = (),
    chunks: Sequence[bytes] = (b"",),
    client: tuple[str, int] = ("203.0.113.7", 40000),
) -> Answer:
    """One request to ``app`` exactly as given: the raw path and body chunks untouched."""
    path, _, query = raw_path.partition(b"?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path.decode("latin-1"),
        "raw_path": path,
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"gateway"), *headers],
        "client": client,
        "server": ("gateway", 80),
    }
    pending = list(chunks)
    started: dict[str, Any] = {}
    body = bytearray()

    async def receive() -> dict[str, Any]:
        if pending:
            chunk = pending.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(pending)}
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            started.update(message)
        else:
            body.extend(message.get("body", b""))

    await app(scope, receive, send)
    headers_out = {k.decode().lower(): v.decode() for k, v in started.get("headers", [])}
    return Answer(started["status"], headers_out, bytes(body))


# --- one path --------------------------------------------------------------------------------


async def test_dot_segments_cannot_reach_a_services_own_openapi(gw: Edge) -> None:
    answer = await asgi_call(gw.app, "GET", b"/api/products/../../openapi.json")
    # normalised to the gateway's own /openapi.json: the merged public document
    assert answer.status == 200
    document = answer.json()
    assert document["info"]["title"] == "LAKOO API"
    assert not any(path.startswith("/internal") for path in document["paths"])


@pytest.mark.parametrize(
    "raw_path",
    [
        b"/api/products/../../internal/variants/lookup",
        b"/api/products/../../ready",
        b"/api/products//..//..//internal/variants/lookup",
        b"/api/products/x/../../../internal/variants/lookup",
    ],
)
async def test_paths_leaving_their_prefix_are_not_forwarded(gw: Edge, raw_path: bytes) -> None:
    answer = await asgi_call(gw.app, "POST", raw_path, headers=[(b"content-length", b"0")])
    assert answer.status == 404
    assert "method" not in answer.json()  # the echo service (behind /api/products) never saw it


@pytest.mark.parametrize(
    "raw_path",
    [
        b"/api/products/..%2F..%2Finternal/variants/lookup",
        b"/api/products/%2e%2e/%2e%2e/internal/variants/lookup",
        b"/api/products/%2E%2E%2Finternal",
        b"/api/products/..\\..\\internal",
        b"/api/products/%5C..%5Cinternal",
        b"/api/products/a%00b",
        b"/../api/products",
    ],
)
async def test_ambiguous_encodings_are_refused_with_400(gw: Edge, raw_path: bytes) -> None:
    answer = await asgi_call(gw.app, "GET", raw_path)
    assert answer.status == 400
    assert answer.headers["content-type"] == "application/problem+json"
    assert "method" not in answer.json()


async def test_the_upstream_receives_exactly_the_normalised_path(gw: Edge) -> None:
    answer = await asgi_call(gw.app, "GET", b"//api/products//a/./b/../c%20d?q=%C3%A9t%C3%A9#x")
    assert answer.status == 200
    seen = answer.json()
    assert seen["path"] == "/api/products/a/c d"
    assert seen["query"] == "q=%C3%A9t%C3%A9%23x"


async def test_a_dotted_login_path_spends_the_login_limit(auth_database: str) -> None:
    async with edge(auth_database, auth_rate_limit_burst=2, auth_rate_limit_per_second=0.001) as e:
        body = orjson.dumps({"email": "nobody@example.id", "password": "wrong-password"})
        statuses = []
        for raw_path in (b"/api/auth/login", b"/api/auth/x/../login", b"//api/auth//login/."):
            answer = await asgi_call(
                e.app,
                "POST",
                raw_path,
                headers=[(b"content-type", b"application/json")],
                chunks=[body],
            )
            statuses.append(answer.status)
    assert statuses == [401, 401, 429]


# --- body limits -----------------------------------------------------------------------------

LIMITS = {"body_limit_bytes": 1024, "upload_body_limit_bytes": 8192}


async def test_a_declared_body_over_the_limit_is_413_before_anything_is_forwarded(
    auth_database: str,
) -> None:
    async with edge(auth_database, **LIMITS) as e:
        response = await e.client.post("/api/products", content=b"x" * 1025)
        assert response.status_code == 413
        assert response.headers["content-type"] == "application/problem+json"
        assert "1024 bytes" in response.json()["detail"]
        at_limit = await e.client.post("/api/products", content=b"x" * 1024)
        assert at_limit.status_code == 200
        assert len(at_limit.json()["body"]) == 1024


async def test_a_streamed_body_without_length_is_cut_off_at_the_limit(auth_database: str) -> None:
    async def chunked() -> Any:
        for _ in range(10):
            yield b"y" * 200

    async with edge(auth_database, **LIMITS) as e:
        response = await e.client.post("/api/products", content=chunked())
    assert response.status_code == 413


async def test_a_lying_content_length_does_not_widen_the_limit(auth_database: str) -> None:
    async with edge(auth_database, **LIMITS) as e:
        answer = await asgi_call(
            e.app,
            "POST",
            b"/api/products",
            headers=[(b"content-length", b"10"), (b"content-type", b"application/json")],
            chunks=[b"z" * 600, b"z" * 600],
        )
        bogus = await asgi_call(
            e.app, "POST", b"/api/products", headers=[(b"content-length", b"12ab")]
        )
    assert answer.status == 413
    assert bogus.status == 400


async def test_upload_routes_get_the_larger_limit(auth_database: str) -> None:
    async with edge(auth_database, **LIMITS) as e:
        image = b"PNG-" + b"0" * 4000
        ok = await e.client.post("/api/products/p-1/images", content=image)
        assert ok.status_code == 200
        too_big = await e.client.post("/api/products/p-1/images", content=b"0" * 8193)
        assert too_big.status_code == 413
        elsewhere = await e.client.post("/api/products/p-1/variants", content=image)
        assert elsewhere.status_code == 413


# --- client address --------------------------------------------------------------------------


async def test_a_forged_forwarded_for_never_moves_a_client_to_another_bucket(
    auth_database: str,
) -> None:
    """Behind a trusted load balancer (10.0.0.0/8) the client is the rightmost untrusted hop:
    whatever it writes to the left of it is ignored."""
    limits = {"rate_limit_burst": 2, "rate_limit_per_second": 0.001}
    async with edge(
        auth_database, client_ip="10.0.0.5", trusted_proxies=["10.0.0.0/8"], **limits
    ) as e:

        async def call(forwarded_for: str) -> int:
            answer = await e.client.get("/api/products", headers={"x-forwarded-for": forwarded_for})
            return answer.status_code

        assert await call("203.0.113.7") == 200
        assert await call("6.6.6.6, 203.0.113.7") == 200
        assert await call("7.7.7.7, 203.0.113.7") == 429  # same client, forged leftmost hop
        assert await call("10.9.9.9, 203.0.113.7") == 429  # a "trusted" address as a forgery
        assert await call("198.51.100.1") == 200  # another client behind the balancer
        seen = (
            await e.client.get("/api/products", headers={"x-forwarded-for": "6.6.6.6, 192.0.2.44"})
        ).json()["headers"]
    assert seen["x-forwarded-for"] == "192.0.2.44, 10.0.0.5"


async def test_without_trusted_proxies_the_header_is_ignored(auth_database: str) -> None:
    limits = {"rate_limit_burst": 1, "rate_limit_per_second": 0.001}
    async with edge(auth_database, client_ip="203.0.113.7", **limits) as e:
        first = await e.client.get("/api/products", headers={"x-forwarded-for": "1.1.1.1"})
        second = await e.client.get("/api/products", headers={"x-forwarded-for": "2.2.2.2"})
        assert (first.status_code, second.status_code) == (200, 429)
        assert first.json()["headers"]["x-forwarded-for"] == "203.0.113.7"
