"""``lakoo demo`` runs its steps in order and stops what it started whatever happens."""

from __future__ import annotations

from datetime import datetime

import pytest
from typer.testing import CliRunner

from lakoo.cli import app
from lakoo.commands import platform
from lakoo.demo import context
from lakoo.demo.week import WIB, TradingWeek

calls: list[str] = []


def _ok(demo: context.Demo) -> None:
    calls.append("ok")


def _boom(demo: context.Demo) -> None:
    calls.append("boom")
    raise RuntimeError("the simulator could not reach the gateway")


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls.clear()
    monkeypatch.setattr(platform, "up_detached", lambda: calls.append("up"))
    monkeypatch.setattr(platform, "down", lambda keep_stack: calls.append(f"down:{keep_stack}"))
    return calls


def test_a_failing_step_stops_the_platform_names_the_step_and_exits_1(
    recorded: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = (
        context.Step("first", f"{__name__}:_ok"),
        context.Step("trading", f"{__name__}:_boom"),
        context.Step("never", f"{__name__}:_ok"),
    )
    monkeypatch.setattr("lakoo.demo.STEPS", steps)

    result = CliRunner().invoke(app, ["demo"])

    assert result.exit_code == 1
    assert recorded == ["up", "ok", "boom", "down:False"]
    said = " ".join(result.output.split())
    assert (
        "the demo failed at “trading”: RuntimeError: the simulator could not reach the gateway"
        in said
    )


def test_a_platform_that_does_not_come_up_is_stopped_too(
    recorded: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import typer

    def not_up() -> None:
        calls.append("up")
        raise typer.Exit(1)

    monkeypatch.setattr(platform, "up_detached", not_up)
    result = CliRunner().invoke(app, ["demo"])
    assert result.exit_code == 1
    assert recorded == ["up", "down:False"]
    assert "the demo failed at “starting the platform”" in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("now", "monday"),
    [
        (datetime(2026, 12, 2, 4, 30, tzinfo=WIB), "2026-11-23"),  # Wednesday early
        (datetime(2026, 11, 30, 0, 5, tzinfo=WIB), "2026-11-23"),  # Monday just after midnight
        (datetime(2026, 11, 29, 23, 59, tzinfo=WIB), "2026-11-16"),  # Sunday, week not ended
    ],
)
def test_the_trading_week_is_the_last_ended_one_and_clocks_land_on_its_wednesday(
    now: datetime, monday: str
) -> None:
    week = TradingWeek.last_ended(now)
    assert week.monday.isoformat() == monday
    business_now = now.timestamp() + week.offset_seconds
    assert datetime.fromtimestamp(business_now, WIB) == datetime.combine(
        week.monday, datetime.min.time(), WIB
    ).replace(day=week.monday.day + 2, hour=10)
    env = week.clock_env()
    assert env["ORDER_CLOCK_OFFSET_SECONDS"] == env["PAYMENT_CLOCK_OFFSET_SECONDS"]
    assert env["XENDIT_CLOCK_OFFSET_SECONDS"] == str(week.offset_seconds)
    assert int(env["WAREHOUSE_CLOCK_OFFSET_SECONDS"]) < 0
