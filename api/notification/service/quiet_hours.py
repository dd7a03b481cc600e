"""Quiet hours (DOMAIN.md): 22:00–08:00 WIB, non-urgent messages wait until 08:00 WIB."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from api.kit.numbering import WIB


def held_until(now: datetime, *, start_hour: int = 22, end_hour: int = 8) -> datetime | None:
    """When a non-urgent message created at ``now`` may be sent: None if at once, otherwise the
    end of the quiet period (08:00 WIB of the same or the next day), in UTC."""
    local = now.astimezone(WIB)
    hour = local.hour
    in_quiet = hour >= start_hour or hour < end_hour
    if not in_quiet:
        return None
    day = local.date() if hour < end_hour else local.date() + timedelta(days=1)
    return datetime.combine(day, time(end_hour), tzinfo=WIB).astimezone(now.tzinfo)
