"""The SLA clock of DOMAIN.md (support), as pure data and functions: no I/O, no framework, no
"now" of its own — every instant is an argument, so tests move time instead of waiting for it.

Business time runs 08:00–22:00 WIB on every day that is not an Indonesian national holiday
(the ``holidays`` package's *public* calendar; the government's joint leave days, *cuti
bersama*, are working days for LAKOO's desk). Weekends are business days: the desk works seven
days a week, and DOMAIN.md skips holidays only.

A ticket's clock runs from its opening, except while it is paused (waiting for the customer, or
resolved until the customer reopens it). Targets per priority are business durations; a due
time is the instant the clock's business time reaches the target, so a priority change
recomputes every due time from the opening with the new targets, and a paused clock has no due
time until it resumes. Warnings fall at 80 % of a target.

    clock = SlaClock(opened_at=t0).pause(t1).resume(t2)
    deadlines(clock, Priority.medium, calendar).first_response_due
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

import holidays

WIB = ZoneInfo("Asia/Jakarta")
DAY_STARTS = time(8)
DAY_ENDS = time(22)
WARNING_NUMERATOR, WARNING_DENOMINATOR = 4, 5  # 80 %, kept exact in microseconds
ZERO = timedelta(0)


class Priority(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    urgent = "urgent"


LADDER = (Priority.low, Priority.medium, Priority.high, Priority.urgent)


def escalated(priority: Priority | str) -> Priority:
    """One level up (an urgent ticket stays urgent)."""
    index = LADDER.index(Priority(priority))
    return LADDER[min(index + 1, len(LADDER) - 1)]


@dataclass(frozen=True, slots=True)
class Targets:
    """Business time allowed until the first agent reply and until resolution."""

    first_response: timedelta
    resolution: timedelta


TARGETS: dict[Priority, Targets] = {
    Priority.urgent: Targets(timedelta(hours=1), timedelta(hours=8)),
    Priority.high: Targets(timedelta(hours=4), timedelta(hours=24)),
    Priority.medium: Targets(timedelta(hours=8), timedelta(hours=48)),
    Priority.low: Targets(timedelta(hours=24), timedelta(hours=96)),
}


class HolidayCalendar(Protocol):
    """Which days the desk's clock skips."""

    def is_holiday(self, day: date) -> bool: ...


class IndonesianHolidays:
    """Indonesia's national (public) holidays from the ``holidays`` package (computed, no I/O)."""

    def __init__(self) -> None:
        self._days = holidays.country_holidays("ID", categories=("public",))

    def is_holiday(self, day: date) -> bool:
        return day in self._days

    def name(self, day: date) -> str | None:
        """The holiday's name, or None on a business day."""
        return self._days.get(day)


@lru_cache(maxsize=1)
def national_holidays() -> IndonesianHolidays:
    """The shared calendar (it expands year by year as dates are asked about)."""
    return IndonesianHolidays()


def _window(day: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(day, DAY_STARTS, tzinfo=WIB),
        datetime.combine(day, DAY_ENDS, tzinfo=WIB),
    )


def _wib_day(moment: datetime) -> date:
    return moment.astimezone(WIB).date()


def business_time(start: datetime, end: datetime, calendar: HolidayCalendar) -> timedelta:
    """Business time between two instants (zero when ``end`` is not after ``start``)."""
    if end <= start:
        return ZERO
    total = ZERO
    day, last = _wib_day(start), _wib_day(end)
    while day <= last:
        if not calendar.is_holiday(day):
            opens, closes = _window(day)
            overlap = min(end, closes) - max(start, opens)
            if overlap > ZERO:
                total += overlap
        day += timedelta(days=1)
    return total


def add_business_time(start: datetime, amount: timedelta, calendar: HolidayCalendar) -> datetime:
    """The earliest instant at which ``amount`` of business time has passed since ``start``."""
    if amount <= ZERO:
        return start.astimezone(UTC)
    remaining, cursor, day = amount, start, _wib_day(start)
    while True:
        if not calendar.is_holiday(day):
            opens, closes = _window(day)
            begin = max(cursor, opens)
            if begin < closes:
                if remaining <= closes - begin:
                    return (begin + remaining).astimezone(UTC)
                remaining -= closes - begin
        day += timedelta(days=1)
        cursor = _window(day)[0]


@dataclass(frozen=True, slots=True)
class Pause:
    """An interval the clock stood still (``ended`` None while it still does)."""

    started: datetime
    ended: datetime | None = None


@dataclass(frozen=True, slots=True)
class SlaClock:
    """A ticket's clock: its opening and the pauses since (in order, only the last open)."""

    opened_at: datetime
    pauses: tuple[Pause, ...] = ()

    @property
    def paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].ended is None

    def pause(self, at: datetime) -> SlaClock:
        """Stop the clock at ``at`` (no change when it is already stopped)."""
        if self.paused:
            return self
        return replace(self, pauses=(*self.pauses, Pause(max(at, self._last_mark()))))

    def resume(self, at: datetime) -> SlaClock:
        """Start the clock again at ``at`` (no change when it runs)."""
        if not self.paused:
            return self
        last = self.pauses[-1]
        return replace(self, pauses=(*self.pauses[:-1], Pause(last.started, max(at, last.started))))

    def _last_mark(self) -> datetime:
        if not self.pauses:
            return self.opened_at
        last = self.pauses[-1]
        return last.ended or last.started

    def running_intervals(self) -> Iterator[tuple[datetime, datetime | None]]:
        """The intervals the clock ran, the last open-ended unless it is paused."""
        start = self.opened_at
        for pause in self.pauses:
            yield start, pause.started
            if pause.ended is None:
                return
            start = pause.ended
        yield start, None

    def elapsed(self, now: datetime, calendar: HolidayCalendar) -> timedelta:
        """Business time the clock ran from the opening until ``now``."""
        total = ZERO
        for start, end in self.running_intervals():
            if start >= now:
                break
            total += business_time(start, min(end or now, now), calendar)
        return total

    def reaches(self, amount: timedelta, calendar: HolidayCalendar) -> datetime | None:
        """The instant the clock's business time reaches ``amount``; None if it is paused first."""
        consumed = ZERO
        for start, end in self.running_intervals():
            if end is None:
                return add_business_time(start, amount - consumed, calendar)
            span = business_time(start, end, calendar)
            if consumed + span >= amount:
                return add_business_time(start, amount - consumed, calendar)
            consumed += span
        return None


def warning_share(target: timedelta) -> timedelta:
    """80 % of ``target``."""
    return target * WARNING_NUMERATOR / WARNING_DENOMINATOR


@dataclass(frozen=True, slots=True)
class Deadlines:
    """When each target falls due and when its warning does (None while the clock is paused)."""

    first_response_due: datetime | None
    first_response_warning: datetime | None
    resolution_due: datetime | None
    resolution_warning: datetime | None


def deadlines(clock: SlaClock, priority: Priority | str, calendar: HolidayCalendar) -> Deadlines:
    """The due and warning instants of ``priority``'s targets on ``clock``."""
    targets = TARGETS[Priority(priority)]
    return Deadlines(
        first_response_due=clock.reaches(targets.first_response, calendar),
        first_response_warning=clock.reaches(warning_share(targets.first_response), calendar),
        resolution_due=clock.reaches(targets.resolution, calendar),
        resolution_warning=clock.reaches(warning_share(targets.resolution), calendar),
    )
