"""The inter-service HTTP client: internal key, timeouts, and retries only where they are safe.

A call is retried (on connection errors, timeouts and 502/503/504) only when repeating it cannot
do the work twice: safe methods (GET, HEAD, OPTIONS), idempotent ones (PUT, DELETE), or a POST
that carries an ``Idempotency-Key`` the callee honours. A call that never left (the connection
could not be made, or no pooled one became free in time) is retried whatever its method.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import httpx

from api.kit.errors import UpstreamError, UpstreamTimeout
from api.kit.logging import correlation_id_var, get_logger, request_id_var

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRYABLE_STATUS = frozenset({502, 503, 504})
# failures before the request left: no connection could be made or taken from the pool
UNSENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

log = get_logger(__name__)


class ServiceClient:
    """Calls one other service's routes (typically ``/internal/...``)."""

    def __init__(
        self,
        base_url: str,
        *,
        internal_api_key: str,
        name: str = "upstream",
        timeout: float = 5.0,
        retries: int = 2,
        backoff: float = 0.1,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.name = name
        self._retries = retries
        self._backoff = backoff
        self._http = httpx.AsyncClient(
            base_url=base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 2.0)),
            headers={"x-internal-api-key": internal_api_key},
            transport=transport,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
        headers: dict[str, str] | None = None,
        timeout: float | None = None,
    ) -> httpx.Response:
        """Send one request; 4xx answers are returned for the caller to interpret.

        ``timeout`` replaces the client's own for this call (each attempt), e.g. for a call
        whose answer must not be given up on before the caller's own caller gives up.
        """
        method = method.upper()
        sent_headers = dict(headers or {})
        if idempotency_key:
            sent_headers["Idempotency-Key"] = idempotency_key
        if (request_id := request_id_var.get()) is not None:
            sent_headers.setdefault("x-request-id", request_id)
        if (correlation_id := correlation_id_var.get()) is not None:
            sent_headers.setdefault("x-correlation-id", correlation_id)
        retryable = method in IDEMPOTENT_METHODS or idempotency_key is not None
        attempts = 1 + self._retries
        for attempt in range(1, attempts + 1):
            # a call that was never sent (no connection made, none free in the pool) is retried
            # whatever its method: the callee cannot have done anything; any other failure
            # only when repeating it is safe
            last = attempt == attempts
            try:
                response = await self._http.request(
                    method,
                    path,
                    json=json,
                    params=params,
                    headers=sent_headers,
                    timeout=(
                        httpx.Timeout(timeout, connect=min(timeout, 2.0))
                        if timeout is not None
                        else httpx.USE_CLIENT_DEFAULT
                    ),
                )
            except httpx.TimeoutException as exc:
                if last or not (retryable or isinstance(exc, UNSENT)):
                    raise UpstreamTimeout(f"{self.name} did not answer in time") from exc
            except httpx.TransportError as exc:
                if last or not (retryable or isinstance(exc, UNSENT)):
                    raise UpstreamError(f"{self.name} is unreachable") from exc
            else:
                if response.status_code not in RETRYABLE_STATUS or last or not retryable:
                    if response.status_code >= 500:
                        raise UpstreamError(
                            f"{self.name} failed with status {response.status_code}"
                        )
                    return response
            log.warning("retrying upstream call", extra={"upstream": self.name, "path": path})
            await asyncio.sleep(self._backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")  # the loop always returns or raises

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", path, **kwargs)

    async def put(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PUT", path, **kwargs)


def service_clients(
    urls: Mapping[str, str],
    *,
    internal_api_key: str,
    timeout: float,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
) -> dict[str, ServiceClient]:
    """One client per service of ``urls`` (on ``transports[name]`` if given: tests in-process)."""
    transports = transports or {}
    return {
        name: ServiceClient(
            url,
            internal_api_key=internal_api_key,
            name=name,
            timeout=timeout,
            transport=transports.get(name),
        )
        for name, url in urls.items()
    }
