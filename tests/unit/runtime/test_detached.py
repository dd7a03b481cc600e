"""``lakoo up --detach`` reads only this run's output, and stops what it started on failure."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
import typer

from lakoo.commands import platform
from lakoo.runtime.supervisor import DOWN_LINE, UP_LINE, process_alive


def _fake_up(*lines: str, then: str = "import time\nwhile True: time.sleep(0.1)") -> list[str]:
    """A stand-in for ``lakoo up``: prints ``lines`` (one per 0.1 s), then ``then``; its pid
    goes to a file so the test can see whether it was stopped."""
    prints = "".join(f"print({line!r}, flush=True); time.sleep(0.1)\n" for line in lines)
    code = f"import os, time\nopen(os.environ['PID_FILE'], 'w').write(str(os.getpid()))\n{prints}"
    return [sys.executable, "-c", code + then]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LAKOO_HOME", str(tmp_path))
    monkeypatch.setenv("PID_FILE", str(tmp_path / "fake.pid"))
    return tmp_path


def test_an_old_runs_failure_in_the_log_is_not_read_as_this_runs(home: Path) -> None:
    log = home / "logs" / "platform.log"
    log.parent.mkdir(parents=True)
    log.write_text(f"{DOWN_LINE}: dagster-ui\n")  # yesterday's run

    platform.up_detached(
        timeout=30,
        command=_fake_up("services | a child's line", "✓ services ready in 3.0 s", UP_LINE),
    )
    pid = int((home / "fake.pid").read_text())
    try:
        assert process_alive(pid)  # it is up: left running
        assert (home / "logs" / "platform.previous.log").read_text() == f"{DOWN_LINE}: dagster-ui\n"
        assert DOWN_LINE not in log.read_text()
    finally:
        os.kill(pid, 9)


def test_a_run_that_does_not_come_up_is_stopped_and_exits_1(home: Path) -> None:
    with pytest.raises(typer.Exit) as exited:
        platform.up_detached(
            timeout=30, command=_fake_up("✗ dagster-code not ready after 180 s", f"{DOWN_LINE}: x")
        )
    assert exited.value.exit_code == 1
    pid = int((home / "fake.pid").read_text())
    deadline = time.monotonic() + 5
    while process_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not process_alive(pid)


def test_a_run_that_exits_is_a_failure_not_a_wait_for_the_timeout(home: Path) -> None:
    started = time.monotonic()
    with pytest.raises(typer.Exit):
        platform.up_detached(timeout=60, command=_fake_up("boom", then="raise SystemExit(4)"))
    assert time.monotonic() - started < 10
