"""In-process token buckets: per user when signed in, per client IP otherwise.

A bucket holds up to ``burst`` tokens and refills at ``rate`` per second; a request takes one.
When it is empty the answer is 429 with ``Retry-After`` = seconds until one token is back.
The stricter ``auth`` class (login, register, refresh, password reset) is always keyed by IP,
since those calls are made before anyone is signed in and are what credential stuffing hits.

Buckets live in this process: with several gateway processes each enforces its own share,
which is what a per-instance limiter promises (documented in docs/auth-and-gateway.md).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

STRICT_PATHS = frozenset(
    {
        "/api/auth/login",
        "/api/auth/register",
        "/api/auth/refresh",
        "/api/auth/password-reset/request",
        "/api/auth/password-reset/confirm",
    }
)


@dataclass(frozen=True, slots=True)
class RateClass:
    """A refill rate (tokens per second) and a bucket size."""

    rate: float
    burst: int


class RateLimiter:
    """Token buckets keyed by (class, caller); ``clock`` is injectable for tests."""

    MAX_BUCKETS = 100_000

    def __init__(
        self,
        *,
        default: RateClass,
        strict: RateClass,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.default = default
        self.strict = strict
        self.clock = clock
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}

    def check(self, *, path: str, user_id: str | None, client_ip: str) -> int:
        """0 when the request may pass, else the seconds to wait (for ``Retry-After``)."""
        # the trailing-slash twin of a strict path redirects to it: the same class
        if path in STRICT_PATHS or path.rstrip("/") in STRICT_PATHS:
            key, klass = ("auth", client_ip), self.strict
        elif user_id is not None:
            key, klass = ("user", user_id), self.default
        else:
            key, klass = ("ip", client_ip), self.default
        now = self.clock()
        tokens, last = self._buckets.get(key, (float(klass.burst), now))
        tokens = min(float(klass.burst), tokens + (now - last) * klass.rate)
        if tokens >= 1.0:
            self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > self.MAX_BUCKETS:
                self._prune(now)
            return 0
        self._buckets[key] = (tokens, now)
        return max(1, math.ceil((1.0 - tokens) / klass.rate))

    def _prune(self, now: float) -> None:
        # a bucket idle long enough to be full again is equivalent to no bucket at all
        horizon = max(self.default.burst / self.default.rate, self.strict.burst / self.strict.rate)
        self._buckets = {
            key: value for key, value in self._buckets.items() if now - value[1] < horizon
        }
