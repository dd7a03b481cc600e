"""The public keys the gateway verifies tokens with, fetched from auth's JWKS and cached.

The gateway never holds a signing secret. It loads auth's ``/.well-known/jwks.json`` once, keeps
the parsed key objects by ``kid``, and refetches when a token names a ``kid`` it does not know
(auth rotated its key) or when the cache is older than ``max_age`` (a retired key drops out).
Refetches are spaced by ``min_interval`` so a flood of tokens with made-up ``kid``s cannot turn
the gateway into a load generator against auth.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx
from jwt import PyJWK
from jwt.exceptions import PyJWKError

from api.kit.logging import get_logger

log = get_logger(__name__)


class JwksCache:
    """``kid`` → verification key, refreshed from a JWKS URL."""

    def __init__(
        self,
        url: str,
        *,
        min_interval: float = 30.0,
        max_age: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.min_interval = min_interval
        self.max_age = max_age
        self.clock = clock
        self.keys: dict[str, PyJWK] = {}
        self.fetches = 0
        self.version = 0  # bumped whenever the key set changes (verified-token caches key on it)
        self.failure_backoff = 1.0
        self._fetched_at: float | None = None  # last successful fetch
        self._next_fetch = float("-inf")
        self._lock = asyncio.Lock()

    async def get(self, kid: str, client: httpx.AsyncClient) -> PyJWK | None:
        """The key named ``kid``, refetching the set if it is unknown or stale (rate-limited)."""
        key = self.keys.get(kid)
        fetched_at = self._fetched_at
        stale = fetched_at is None or self.clock() - fetched_at > self.max_age
        if key is not None and not stale:
            return key
        await self.refresh(client)
        return self.keys.get(kid)

    async def refresh(self, client: httpx.AsyncClient, *, force: bool = False) -> None:
        """Fetch the key set unless the last attempt was too recent.

        After a success the next fetch waits ``min_interval``; after a failure (auth not up
        yet, say) only ``failure_backoff``, so a gateway started before auth recovers quickly.
        """
        async with self._lock:
            now = self.clock()
            if not force and now < self._next_fetch:
                return
            try:
                response = await client.get(self.url, timeout=3.0)
                response.raise_for_status()
                keys = self._parse(response.json())
            except (httpx.HTTPError, ValueError) as exc:
                self._next_fetch = now + min(self.failure_backoff, self.min_interval)
                log.warning("JWKS fetch failed", extra={"url": self.url, "error": repr(exc)})
                return
            self._next_fetch = now + self.min_interval
            self._fetched_at = now
            self.fetches += 1
            if keys.keys() != self.keys.keys():
                self.version += 1
            self.keys = keys

    @staticmethod
    def _parse(document: Any) -> dict[str, PyJWK]:
        keys: dict[str, PyJWK] = {}
        for jwk in document.get("keys", []):
            kid = jwk.get("kid")
            if not kid or jwk.get("use", "sig") != "sig":
                continue
            try:
                keys[kid] = PyJWK(jwk)
            except PyJWKError:
                log.warning("skipping unusable JWK", extra={"kid": kid})
        return keys
