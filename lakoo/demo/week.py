"""The demo's trading week: the last Monday–Sunday (WIB) that has ended.

Settlements are weekly and a week settles once it has ended, so a demo that traded "now" would
have nothing to settle. Instead the platform runs with the services' clocks moved back into the
last ended week — ``<SERVICE>_CLOCK_OFFSET_SECONDS``, the setting the tests move time with — so
orders are placed, delivered, completed and refunded on that week's Wednesday, and the weekly
settlement the data platform computes afterwards is for a complete week. Services without a clock
of their own (auth's tokens, the gateway) keep the real time, so sign-ins stay valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from api.kit.topology import SERVICES

WIB = ZoneInfo("Asia/Jakarta")
_TRADING_STARTS = time(10, 0)  # Wednesday 10:00 WIB: days of margin on either side
# provider sandboxes whose timestamps the services keep (Xendit's paid_at becomes payment's)
_SANDBOX_CLOCKS = ("XENDIT",)


@dataclass(frozen=True)
class TradingWeek:
    """The week the demo trades in, and how far the services' clocks move back to reach it."""

    monday: date
    offset_seconds: int  # negative: the services' now = real now + offset

    @classmethod
    def last_ended(cls, now: datetime | None = None) -> TradingWeek:
        """The last ended week, the clocks set to its Wednesday 10:00 WIB at ``now``."""
        now = now or datetime.now(WIB)
        today = now.astimezone(WIB).date()
        monday = today - timedelta(days=today.weekday() + 7)
        trading = datetime.combine(monday + timedelta(days=2), _TRADING_STARTS, tzinfo=WIB)
        return cls(monday=monday, offset_seconds=round((trading - now).total_seconds()))

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def label(self) -> str:
        return f"{self.monday:%a %d %b} – {self.sunday:%a %d %b %Y}"

    def clock_env(self) -> dict[str, str]:
        """The environment that moves every service's (and sandbox's) clock into the week."""
        names = [name.upper() for name in SERVICES] + list(_SANDBOX_CLOCKS)
        return {f"{name}_CLOCK_OFFSET_SECONDS": str(self.offset_seconds) for name in names}
