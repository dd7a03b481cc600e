"""The supervisor prefixes every child's output and stops whole process groups."""

from __future__ import annotations

import io
import os
import sys
import time

from rich.console import Console

from lakoo.runtime.supervisor import ProcessSpec, Supervisor

_CHATTY = "import time\nprint('ready', flush=True)\nwhile True: time.sleep(0.1)"
# a child that ignores SIGTERM and has a grandchild: only a group SIGKILL ends both
_STUBBORN = (
    "import signal, subprocess, sys, time\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
    "print(child.pid, flush=True)\n"
    "while True: time.sleep(0.1)"
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split()[2] != "Z"


def _wait_for(condition: object, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def test_children_logs_are_prefixed_and_stop_ends_every_process_group() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=False, width=200)
    supervisor = Supervisor(
        [
            ProcessSpec("chatty", [sys.executable, "-c", _CHATTY]),
            ProcessSpec("stubborn", [sys.executable, "-c", _STUBBORN]),
        ],
        console=console,
    )
    supervisor.start()
    _wait_for(lambda: "chatty   | ready" in out.getvalue() and "stubborn |" in out.getvalue())
    grandchild = int(out.getvalue().split("stubborn | ")[1].split()[0])
    assert _alive(grandchild)

    started = time.monotonic()
    supervisor.stop(grace=1.0)

    assert time.monotonic() - started < 5
    assert all(child.poll() is not None for child in supervisor.children.values())
    _wait_for(lambda: not _alive(grandchild))
