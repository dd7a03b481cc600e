"""How long each hop of one checkout took: one log line per checkout, winner or loser.

    hops = Hops()
    ...; hops.mark("cart")          # the time since the previous mark, under "cart"
    hops.outcome = "409"; hops.log()

A checkout spans the claim, the cart, the catalogue, the address, the pickup postcodes, the
quotes, the reservation, the payment and the orders' transaction; which of them a flash sale's
buyers wait on is what ``bench/flash_sale.py`` needs to know (the services' logs carry it).
"""

from __future__ import annotations

import time

from api.kit.logging import get_logger

log = get_logger(__name__)


class Hops:
    """Milliseconds per named step of one checkout, in the order they ran."""

    def __init__(self) -> None:
        self._started = self._last = time.perf_counter()
        self.ms: dict[str, float] = {}
        self.outcome = "error"

    def mark(self, step: str) -> None:
        """The time since the previous mark is ``step``'s."""
        now = time.perf_counter()
        self.ms[step] = round((now - self._last) * 1000, 1)
        self._last = now

    def log(self) -> None:
        total = round((time.perf_counter() - self._started) * 1000, 1)
        log.info("checkout hops", extra={"outcome": self.outcome, "total_ms": total, **self.ms})
