"""The checkout saga's undo steps: each remote step that holds something registers how to give
it back, and a later failure runs them newest first.

    undo = Compensation()
    undo.add("release the reservation", partial(warehouse.release, checkout_id))
    async with undo.on_failure():
        ...                                  # any exception here runs the steps, then re-raises

A step that itself fails is logged and the others still run: compensation is best effort, and
whatever it cannot give back expires on its own (reservations after 35 min, claims after 60 s).
A new step of the saga (a wallet hold to void, say) adds one line where it is taken.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from api.kit.logging import get_logger

log = get_logger(__name__)

Undo = Callable[[], Awaitable[object]]


class Compensation:
    """Undo steps of one saga run, run newest first when a later step fails."""

    def __init__(self) -> None:
        self._steps: list[tuple[str, Undo]] = []

    def add(self, name: str, undo: Undo) -> None:
        """Register how to give back what the step just taken holds."""
        self._steps.append((name, undo))

    def discard(self, name: str) -> None:
        """Forget the step ``name``: what it would give back is known not to be held."""
        self._steps = [(n, undo) for n, undo in self._steps if n != name]

    @asynccontextmanager
    async def on_failure(self) -> AsyncIterator[None]:
        """Run every registered step (newest first) if the block raises, then re-raise."""
        try:
            yield
        except BaseException:
            await self.run()
            raise

    async def run(self) -> None:
        """Run the undo steps newest first, each at most once."""
        steps, self._steps = self._steps, []
        for name, undo in reversed(steps):
            try:
                outcome = await undo()
            except Exception as exc:
                log.error("compensation step failed", extra={"step": name, "error": repr(exc)})
            else:
                log.info("compensated", extra={"step": name, "outcome": repr(outcome)})
