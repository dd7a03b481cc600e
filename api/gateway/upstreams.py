"""Several instances of one service behind the gateway: round robin with passive health checks.

``<SERVICE>_SERVICE_URL`` may list instances separated by commas. The gateway sends each request
to the next instance that is not marked down. There are no probes: an instance is marked down
for ``down_seconds`` when a request to it fails at the transport (refused, reset, timed out —
the failure a dead or hung instance produces); the first request after that period tries it
again, and one that works clears the mark. When every instance is marked down the one marked
longest ago is tried anyway: an answer may still come, a 502 would be certain.

Retries go to another instance only for idempotent methods (RFC 9110 §9.2.2: GET, HEAD, OPTIONS,
PUT, DELETE, TRACE) and only when the request had no body to stream (a streamed body cannot be
sent twice). A POST that failed may have been applied before the connection broke; repeating it
is the client's decision, with its Idempotency-Key.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})


def parse_upstreams(value: str) -> list[str]:
    """``"http://a:1, http://b:1/"`` → ``["http://a:1", "http://b:1"]``."""
    return [url.strip().rstrip("/") for url in value.split(",") if url.strip()]


def may_retry(method: str, *, has_body: bool) -> bool:
    """A failed request may go to another instance: idempotent and nothing streamed."""
    return method.upper() in IDEMPOTENT_METHODS and not has_body


@dataclass
class Instance:
    """One instance of a service and what the gateway has seen of it."""

    url: str
    down_until: float = 0.0
    failures: int = 0  # transport failures since it last answered
    served: int = 0  # requests it answered (any status)


@dataclass
class UpstreamPool:
    """The instances of one service, picked in turn, skipping those marked down."""

    urls: Sequence[str]
    down_seconds: float = 10.0
    clock: Callable[[], float] = time.monotonic
    instances: list[Instance] = field(init=False)
    _next: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        if not self.urls:
            raise ValueError("an upstream pool needs at least one URL")
        self.instances = [Instance(url) for url in self.urls]

    def candidates(self) -> list[Instance]:
        """Every instance, in the order to try them for one request (round robin, healthy first)."""
        start = self._next % len(self.instances)
        self._next += 1
        turn = self.instances[start:] + self.instances[:start]
        now = self.clock()
        healthy = [i for i in turn if i.down_until <= now]
        down = sorted((i for i in turn if i.down_until > now), key=lambda i: i.down_until)
        return healthy + down

    def failed(self, instance: Instance) -> None:
        """A transport failure: mark the instance down for a while."""
        instance.failures += 1
        instance.down_until = self.clock() + self.down_seconds

    def answered(self, instance: Instance) -> None:
        """It answered (whatever the status): it is up."""
        instance.failures = 0
        instance.down_until = 0.0
        instance.served += 1
