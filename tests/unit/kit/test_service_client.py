"""The service client retries only calls that are safe to repeat, and maps failures to 502/504."""

from __future__ import annotations

import httpx
import pytest

from api.kit.client import ServiceClient
from api.kit.errors import UpstreamError, UpstreamTimeout


def _client(handler: httpx.MockTransport, retries: int = 2) -> ServiceClient:
    return ServiceClient(
        "http://warehouse",
        internal_api_key="k",
        name="warehouse",
        retries=retries,
        backoff=0,
        transport=handler,
    )


def _flaky(fail_times: int, calls: list[httpx.Request]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) <= fail_times:
            return httpx.Response(503)
        return httpx.Response(200, json={"ok": True})

    return httpx.MockTransport(handle)


async def test_a_get_is_retried_until_it_succeeds() -> None:
    calls: list[httpx.Request] = []
    client = _client(_flaky(2, calls))
    response = await client.get("/internal/stock")
    assert response.status_code == 200
    assert len(calls) == 3
    assert calls[0].headers["x-internal-api-key"] == "k"


async def test_a_plain_post_is_never_retried() -> None:
    calls: list[httpx.Request] = []
    client = _client(_flaky(1, calls))
    with pytest.raises(UpstreamError):
        await client.post("/internal/reservations", json={})
    assert len(calls) == 1


async def test_a_post_with_an_idempotency_key_is_retried_with_the_same_key() -> None:
    calls: list[httpx.Request] = []
    client = _client(_flaky(1, calls))
    response = await client.post("/internal/reservations", json={}, idempotency_key="chk-1")
    assert response.status_code == 200
    assert [c.headers["idempotency-key"] for c in calls] == ["chk-1", "chk-1"]


async def test_client_errors_are_returned_not_retried() -> None:
    calls: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(409, json={"title": "Conflict"})

    response = await _client(httpx.MockTransport(handle)).get("/internal/x")
    assert response.status_code == 409
    assert len(calls) == 1


async def test_timeouts_become_upstream_timeout_after_the_retries() -> None:
    calls: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(UpstreamTimeout):
        await _client(httpx.MockTransport(handle), retries=1).get("/internal/x")
    assert len(calls) == 2


async def test_an_unreachable_service_is_an_upstream_error() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(UpstreamError):
        await _client(httpx.MockTransport(handle), retries=0).get("/internal/x")


@pytest.mark.parametrize("unsent", [httpx.ConnectTimeout, httpx.ConnectError, httpx.PoolTimeout])
async def test_a_plain_post_that_never_left_is_retried(unsent: type[httpx.TransportError]) -> None:
    calls: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            raise unsent("no connection", request=request)
        return httpx.Response(200, json={"ok": True})

    response = await _client(httpx.MockTransport(handle)).post("/internal/shipping/rates", json={})
    assert response.status_code == 200
    assert len(calls) == 2


async def test_a_plain_post_whose_answer_timed_out_is_not_retried() -> None:
    calls: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ReadTimeout("sent, no answer", request=request)

    with pytest.raises(UpstreamTimeout):
        await _client(httpx.MockTransport(handle)).post("/internal/payments", json={})
    assert len(calls) == 1
