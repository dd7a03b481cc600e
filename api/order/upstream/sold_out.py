"""What the warehouse has just refused for lack of stock, remembered for a few seconds.

In a flash sale thousands of buyers check out one variant within a second; once the warehouse
has refused one of them for lack of stock, the rest would each walk the saga's hops (catalogue,
address, quote, reservation) to hear the same 409. The order service remembers the refusal —
per variant, how many the warehouse said can still be ordered — and answers a checkout that
asks for more the same 409 at once, right after reading its cart.

Bounded staleness, and only ever towards "sold out": for ``seconds`` after a refusal a buyer
asking for more than the refusal's ``max_orderable`` is refused without asking the warehouse,
even if units came back meanwhile (a failed payment's compensation, an expired reservation, a
restock). Nobody is ever told they won by this memo: it only refuses, before anything is held,
and every winner is still decided by the warehouse's own all-or-nothing reservation. Each order
service process has its own memo (instances may disagree for those few seconds; each is right
within its bound). ``seconds = 0`` turns it off.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from uuid import UUID

from api.order.errors import OutOfStock


class SoldOut:
    """Variant → (refused at, at most how many can be ordered), for ``seconds`` after it."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._refused: dict[str, tuple[float, int]] = {}

    def remember(self, refusal: OutOfStock) -> None:
        """Note the warehouse's refusal (its variant and ``max_orderable``)."""
        variant_id = refusal.extra.get("variant_id")
        max_orderable = refusal.extra.get("max_orderable")
        if self.seconds <= 0 or variant_id is None or not isinstance(max_orderable, int):
            return
        self._refused[str(variant_id)] = (self._clock(), max_orderable)

    def active(self) -> bool:
        """Whether any refusal is still within its bound (else nothing can be refused)."""
        now = self._clock()
        return any(now - at < self.seconds for at, _ in self._refused.values())

    def check(self, wanted: Mapping[UUID, int]) -> None:
        """409 (as the warehouse answered) if a variant of ``wanted`` (variant → quantity) was
        refused less than ``seconds`` ago with fewer orderable than wanted."""
        if not self._refused:
            return
        now = self._clock()
        for variant_id, quantity in wanted.items():
            seen = self._refused.get(str(variant_id))
            if seen is None:
                continue
            at, max_orderable = seen
            if now - at >= self.seconds:
                del self._refused[str(variant_id)]  # stale: the warehouse decides again
            elif quantity > max_orderable:
                raise OutOfStock(
                    f"Variant {variant_id}: {quantity} requested, at most {max_orderable} can "
                    "be ordered",
                    variant_id=str(variant_id),
                    requested=quantity,
                    max_orderable=max_orderable,
                )
