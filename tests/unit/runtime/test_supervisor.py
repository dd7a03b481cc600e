"""The supervisor prefixes every child's output and stops whole process groups."""

from __future__ import annotations

import io
import sys
import time

from rich.console import Console

from lakoo.runtime.supervisor import ProcessSpec, StepSpec, Supervisor, process_alive

_CHATTY = "import time\nprint('ready', flush=True)\nwhile True: time.sleep(0.1)"
# a child that ignores SIGTERM and has a grandchild: only a group SIGKILL ends both
_STUBBORN = (
    "import signal, subprocess, sys, time\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
    "print(child.pid, flush=True)\n"
    "while True: time.sleep(0.1)"
)


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
    assert process_alive(grandchild)

    started = time.monotonic()
    supervisor.stop(grace=1.0)

    assert time.monotonic() - started < 5
    assert all(child.poll() is not None for child in supervisor.children.values())
    _wait_for(lambda: not process_alive(grandchild))


def _quiet() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=False, width=300), out


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


_SAYS_READY_LATE = "import time\ntime.sleep(0.5)\nprint('warming up', flush=True)\n" + (
    "print('ready now', flush=True)\nwhile True: time.sleep(0.1)"
)


def test_parts_start_after_what_they_need_and_each_is_reported_ready_with_its_time() -> None:
    console, out = _quiet()
    order: list[str] = []

    def step() -> str:
        order.append("step")
        return "2 things done"

    supervisor = Supervisor(
        [
            StepSpec("prepare", step),
            ProcessSpec(
                "server",
                _python(_SAYS_READY_LATE),
                ready_line="ready now",
                after=("prepare",),
                summary="answers",
            ),
        ],
        console=console,
    )
    try:
        readiness = supervisor.wait_ready()
    finally:
        supervisor.stop(grace=1.0)

    assert readiness.ok and set(readiness.ready) == {"prepare", "server"}
    assert readiness.ready["server"] >= 0.5  # it said so only after its warm-up
    report = out.getvalue()
    assert "✓ prepare" in report and "2 things done" in report
    assert "✓ server" in report and "answers" in report
    assert report.index("✓ prepare") < report.index("server  |")  # started after the step


def test_a_part_that_exits_while_starting_fails_with_its_last_lines_and_blocks_dependents() -> None:
    console, out = _quiet()
    supervisor = Supervisor(
        [
            ProcessSpec(
                "broken",
                _python("import sys\nprint('cannot bind port 3006', flush=True)\nsys.exit(3)"),
                ready_line="never",
            ),
            ProcessSpec("needs-it", _python("print('hi')"), after=("broken",)),
        ],
        console=console,
    )
    try:
        readiness = supervisor.wait_ready()
    finally:
        supervisor.stop(grace=1.0)

    assert not readiness.ok
    assert "exited with code 3" in readiness.failed["broken"]
    assert "cannot bind port 3006" in readiness.failed["broken"]
    assert readiness.failed["needs-it"] == "not started: broken failed"
    assert "needs-it" not in supervisor.children  # never started
    assert "✗ broken" in out.getvalue()


def test_a_slow_part_is_named_with_what_it_is_busy_with_then_fails_at_its_own_timeout() -> None:
    console, out = _quiet()
    supervisor = Supervisor(
        [
            ProcessSpec(
                "slowpoke",
                _python("import time\nwhile True: time.sleep(0.1)"),
                ready_line="loaded",
                timeout=2.0,
                starting="parses a very large manifest",
            ),
            StepSpec("quick", lambda: "done"),
        ],
        console=console,
    )
    started = time.monotonic()
    try:
        readiness = supervisor.wait_ready()
    finally:
        supervisor.stop(grace=1.0)

    assert 2.0 <= time.monotonic() - started < 6
    assert readiness.failed == {"slowpoke": "not ready after 2 s — parses a very large manifest"}
    assert "quick" in readiness.ready
    report = out.getvalue()
    assert "… slowpoke still starting after" in report
    assert "parses a very large manifest" in report


def test_a_failing_step_is_reported_with_its_error() -> None:
    console, _ = _quiet()

    def no_java() -> str:
        raise RuntimeError("Kafka needs Java 17+")

    supervisor = Supervisor([StepSpec("kafka", no_java)], console=console)
    readiness = supervisor.wait_ready()
    assert readiness.failed == {"kafka": "RuntimeError: Kafka needs Java 17+"}
