"""The SLA clock: due times worked out by hand, and the calendar's invariants as properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from api.support.sla import (
    TARGETS,
    WIB,
    Priority,
    SlaClock,
    add_business_time,
    business_time,
    deadlines,
    escalated,
    national_holidays,
    warning_share,
)

CALENDAR = national_holidays()
# Friday 20 March 2026, 21:30 WIB; Saturday 21 and Sunday 22 are Eid al-Fitr (national
# holidays). Monday 23 and Tuesday 24 are joint leave (cuti bersama), which the desk works.
FRIDAY_NIGHT = datetime(2026, 3, 20, 21, 30, tzinfo=WIB)


def wib(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=WIB)


def test_the_eid_weekend_is_national_and_the_joint_leave_days_are_not() -> None:
    assert CALENDAR.is_holiday(date(2026, 3, 21)) and CALENDAR.is_holiday(date(2026, 3, 22))
    assert not CALENDAR.is_holiday(date(2026, 3, 20))
    assert not CALENDAR.is_holiday(date(2026, 3, 23)) and not CALENDAR.is_holiday(date(2026, 3, 24))


def test_a_friday_night_ticket_before_eid_falls_due_after_the_holidays() -> None:
    # medium: 8 h to first response, 48 h to resolution, in business hours.
    # Friday 21:30–22:00 = 0.5 h; Saturday and Sunday skipped; Monday 08:00 + 7.5 h = 15:30.
    # Resolution: 0.5 (Fri) + 14 (Mon) + 14 (Tue) + 14 (Wed) = 42.5; Thursday 08:00 + 5.5 = 13:30.
    # Warnings at 80 %: 6.4 h → Monday 13:54; 38.4 h → Wednesday 08:00 + 9.9 h = 17:54.
    due = deadlines(SlaClock(FRIDAY_NIGHT), Priority.medium, CALENDAR)
    assert due.first_response_due == wib(23, 15, 30)
    assert due.first_response_warning == wib(23, 13, 54)
    assert due.resolution_due == wib(26, 13, 30)
    assert due.resolution_warning == wib(25, 17, 54)


def test_waiting_for_the_customer_stops_the_clock_and_resuming_moves_the_due_times() -> None:
    # Monday 10:00 (2.5 h used) the agent asks the customer; the answer comes Tuesday 09:00.
    clock = SlaClock(FRIDAY_NIGHT).pause(wib(23, 10))
    paused = deadlines(clock, Priority.medium, CALENDAR)
    assert paused.first_response_due is None and paused.resolution_due is None
    assert clock.elapsed(wib(24, 8, 30), CALENDAR) == timedelta(hours=2, minutes=30)
    resumed = deadlines(clock.resume(wib(24, 9)), Priority.medium, CALENDAR)
    # first response: 5.5 h left from Tuesday 09:00 → 14:30
    assert resumed.first_response_due == wib(24, 14, 30)
    # resolution: 45.5 h left: Tue 09–22 = 13, Wed 14, Thu 14 → 41; Friday 08:00 + 4.5 h = 12:30
    assert resumed.resolution_due == wib(27, 12, 30)


def test_a_priority_change_midway_recomputes_the_due_times_from_the_opening() -> None:
    clock = SlaClock(FRIDAY_NIGHT)
    # raised to high on Monday 09:00 (1.5 h used): 4 h / 24 h from the opening
    high = deadlines(clock, Priority.high, CALENDAR)
    assert high.first_response_due == wib(23, 11, 30)  # 0.5 + 3.5 → Monday 11:30
    assert high.resolution_due == wib(24, 17, 30)  # 0.5 + 14 (Mon) + 9.5 → Tuesday 17:30
    # lowered to low instead: 24 h / 96 h
    low = deadlines(clock, Priority.low, CALENDAR)
    assert low.first_response_due == wib(24, 17, 30)
    assert low.resolution_due == wib(29, 19, 30)  # 0.5 + 6 × 14 = 84.5; Sunday 08:00 + 11.5 h
    assert clock.elapsed(low.resolution_due, CALENDAR) == timedelta(hours=96)


def test_a_breach_before_a_pause_stays_due() -> None:
    clock = SlaClock(wib(23, 8)).pause(wib(23, 12))  # urgent's 1 h had passed by 09:00
    due = deadlines(clock, Priority.urgent, CALENDAR)
    assert due.first_response_due == wib(23, 9)
    assert due.resolution_due is None


def test_escalation_climbs_one_level_and_stops_at_urgent() -> None:
    assert [escalated(p) for p in Priority] == [
        Priority.medium,
        Priority.high,
        Priority.urgent,
        Priority.urgent,
    ]


# --- properties ---------------------------------------------------------------------------------

moments = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=300))


@given(moments, durations)
def test_adding_business_time_then_measuring_it_gives_it_back(
    start: datetime, amount: timedelta
) -> None:
    assert business_time(start, add_business_time(start, amount, CALENDAR), CALENDAR) == amount


@given(moments, durations, durations)
def test_business_time_adds_up_over_consecutive_spans(
    start: datetime, first: timedelta, second: timedelta
) -> None:
    middle, end = start + first, start + first + second
    assert business_time(start, middle, CALENDAR) + business_time(
        middle, end, CALENDAR
    ) == business_time(start, end, CALENDAR)
    assert business_time(start, end, CALENDAR) <= end - start


@given(moments, st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(hours=300)))
def test_a_due_time_lies_inside_business_hours_of_a_working_day(
    start: datetime, amount: timedelta
) -> None:
    due = add_business_time(start, amount, CALENDAR).astimezone(WIB)
    assert not CALENDAR.is_holiday(due.date())
    assert time(8) < due.time() <= time(22)


@given(moments, durations, durations)
def test_more_business_time_is_never_due_earlier(
    start: datetime, first: timedelta, second: timedelta
) -> None:
    small, large = sorted((first, second))
    assert add_business_time(start, small, CALENDAR) <= add_business_time(start, large, CALENDAR)


pause_plans = st.lists(
    st.tuples(
        st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=40)),
        st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=40)),
    ),
    max_size=4,
)


def _clock(opened: datetime, plan: list[tuple[timedelta, timedelta]]) -> SlaClock:
    clock, cursor = SlaClock(opened), opened
    for running, paused in plan:
        cursor += running
        clock = clock.pause(cursor)
        cursor += paused
        clock = clock.resume(cursor)
    return clock


@settings(max_examples=150)
@given(moments, pause_plans, st.sampled_from(list(Priority)))
def test_pauses_only_ever_push_due_times_later_and_never_count(
    opened: datetime, plan: list[tuple[timedelta, timedelta]], priority: Priority
) -> None:
    clock = _clock(opened, plan)
    plain = deadlines(SlaClock(opened), priority, CALENDAR)
    paused = deadlines(clock, priority, CALENDAR)
    for name in ("first_response_due", "resolution_due", "first_response_warning"):
        assert getattr(paused, name) >= getattr(plain, name)
    due = paused.resolution_due
    assert due is not None
    assert clock.elapsed(due, CALENDAR) == TARGETS[priority].resolution
    paused_time = sum(
        (business_time(p.started, p.ended or p.started, CALENDAR) for p in clock.pauses),
        timedelta(0),
    )
    assert clock.elapsed(due, CALENDAR) + paused_time >= business_time(opened, due, CALENDAR)


@given(moments, pause_plans, st.sampled_from(list(Priority)))
def test_warnings_come_before_due_times_and_higher_priorities_fall_due_sooner(
    opened: datetime, plan: list[tuple[timedelta, timedelta]], priority: Priority
) -> None:
    clock = _clock(opened, plan)
    due = deadlines(clock, priority, CALENDAR)
    assert due.first_response_warning is not None and due.first_response_due is not None
    assert due.first_response_warning <= due.first_response_due
    assert due.resolution_warning is not None and due.resolution_due is not None
    assert due.resolution_warning <= due.resolution_due
    higher = deadlines(clock, escalated(priority), CALENDAR)
    assert higher.first_response_due is not None and higher.resolution_due is not None
    assert higher.first_response_due <= due.first_response_due
    assert higher.resolution_due <= due.resolution_due
    assert warning_share(TARGETS[priority].resolution) * 5 == TARGETS[priority].resolution * 4
