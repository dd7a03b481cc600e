"""Injectable time: the service reads ``now()`` from a clock so tests can move time forward.

Lockout expiry, token expiry and OTP expiry all depend on "now"; tests replace the app's clock
(``app.state.clock``) with a ``ManualClock`` instead of sleeping through fifteen minutes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Protocol

from fastapi import Depends

from api.kit.deps import app_state


class Clock(Protocol):
    """Anything that tells the current UTC time."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real wall clock (UTC)."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to (tests, simulations)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime.now(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        """Move forward by ``timedelta(**delta)``."""
        self._now += timedelta(**delta)


ClockDep = Annotated[Clock, Depends(app_state("clock"))]
