"""One supervisor for the whole platform: steps, child processes, honest readiness, clean stops.

``lakoo up`` hands it the platform's parts (``lakoo.runtime.platform``): *steps* run in-process
(start PostgreSQL, migrate, start Kafka) and *processes* run as children with prefixed, coloured
logs. A part starts as soon as the parts it comes ``after`` are ready, so Dagster loads its code
while Kafka's JVM starts. Each part has a readiness signal (``/health`` URLs that answer 200, a
line of its output, or — for a step — having returned) and a timeout sized for what it does; the
supervisor says when each part is ready, which one is slow and what it is busy with, and why a
part failed (it exited: its last lines; it timed out: what it was doing).

Ctrl-C (or SIGTERM from ``lakoo down``) stops every child: SIGTERM to each process group, then
SIGKILL for whatever has not left after a grace period.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rich.console import Console

from lakoo.runtime import lakoo_home, repo_root

_COLOURS = (
    "cyan",
    "magenta",
    "green",
    "yellow",
    "blue",
    "bright_red",
    "bright_cyan",
    "bright_magenta",
    "bright_green",
    "bright_yellow",
    "bright_blue",
)
UP_LINE = "the platform is up"
DOWN_LINE = "the platform did not come up"


@dataclass
class ProcessSpec:
    """A child process of the platform and how to tell that it is ready."""

    name: str
    argv: list[str]
    probes: dict[str, str] = field(default_factory=dict)  # label → URL answering 200 when ready
    ready_line: str | None = None  # …or a line of its output that says so
    after: tuple[str, ...] = ()  # parts that must be ready before it starts
    timeout: float = 60.0  # how long it may take, sized for what it does when it starts
    starting: str = ""  # what it is busy with while it starts (said when it is slow)
    summary: str = ""  # what is up once it is ready (the report's line)
    env: dict[str, str] = field(default_factory=dict)

    @property
    def health_urls(self) -> list[str]:
        return list(self.probes.values())


@dataclass
class StepSpec:
    """Work done in the supervisor's own process before the parts that need it (a thread)."""

    name: str
    run: Callable[[], str]  # returns the report's one-line summary; raises to fail
    after: tuple[str, ...] = ()
    timeout: float = 120.0  # a thread cannot be stopped: past it the step is only reported slow
    starting: str = ""


Part = ProcessSpec | StepSpec


@dataclass
class _State:
    started: float | None = None
    ready: float | None = None
    failure: str | None = None
    said_slow: bool = False
    summary: str = ""


@dataclass
class Readiness:
    """How start-up went: seconds each part took to be ready, and why any part failed."""

    ready: dict[str, float]
    failed: dict[str, str]
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.failed


class Supervisor:
    """Starts, watches and stops the platform's parts."""

    def __init__(self, parts: Sequence[Part], *, console: Console | None = None) -> None:
        self.parts = {part.name: part for part in parts}
        self.console = console or Console(highlight=False)
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self._width = max((len(name) for name in self.parts), default=8)
        self._stopping = threading.Event()
        self._colours = itertools.cycle(_COLOURS)
        self._states = {name: _State() for name in self.parts}
        self._seen_ready_line: set[str] = set()
        self._tails: dict[str, deque[str]] = {name: deque(maxlen=8) for name in self.parts}
        self._lock = threading.Lock()
        self._began = time.monotonic()

    # -- starting ---------------------------------------------------------------------------
    def start(self) -> None:
        """Start every part whose ``after`` parts are ready (all of them when none has any)."""
        for name, part in self.parts.items():
            state = self._states[name]
            if state.started is not None or not all(self._is_ready(dep) for dep in part.after):
                continue
            state.started = time.monotonic()
            if isinstance(part, StepSpec):
                threading.Thread(target=self._run_step, args=(part,), daemon=True).start()
            else:
                self._spawn(part)

    def _spawn(self, spec: ProcessSpec) -> None:
        env = {**os.environ, "LAKOO_LOG_JSON": os.environ.get("LAKOO_LOG_JSON", "false")}
        child = subprocess.Popen(
            spec.argv,
            cwd=repo_root(),
            env={**env, **spec.env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: signals reach its children too
        )
        self.children[spec.name] = child
        threading.Thread(
            target=self._pump, args=(spec, child, next(self._colours)), daemon=True
        ).start()

    def _run_step(self, step: StepSpec) -> None:
        state = self._states[step.name]
        try:
            summary = step.run()
        except Exception as exc:
            state.failure = f"{type(exc).__name__}: {exc}"
        else:
            state.summary = summary
            state.ready = time.monotonic()

    def _pump(self, spec: ProcessSpec, child: subprocess.Popen[bytes], colour: str) -> None:
        assert child.stdout is not None
        prefix = f"[{colour}]{spec.name.ljust(self._width)} |[/] "
        with child.stdout:
            for raw in iter(child.stdout.readline, b""):
                line = raw.decode(errors="replace").rstrip()
                self._tails[spec.name].append(line)
                if spec.ready_line and spec.ready_line in line:
                    self._seen_ready_line.add(spec.name)
                self.console.print(prefix + line.replace("[", r"\["), soft_wrap=True)
        code = child.wait()
        if not self._stopping.is_set():
            self.console.print(prefix + f"[bold red]exited with code {code}[/]")

    # -- readiness --------------------------------------------------------------------------
    def _is_ready(self, name: str) -> bool:
        return self._states[name].ready is not None

    def _check(self, name: str, client: httpx.Client) -> None:
        part, state = self.parts[name], self._states[name]
        if isinstance(part, StepSpec) or state.started is None or state.ready is not None:
            return
        child = self.children[name]
        if child.poll() is not None:
            tail = "\n    ".join(self._tails[name]) or "(no output)"
            state.failure = f"exited with code {child.returncode} while starting:\n    {tail}"
            return
        if part.ready_line and name not in self._seen_ready_line:
            return
        for url in part.probes.values():
            try:
                if client.get(url).status_code != 200:
                    return
            except httpx.HTTPError:
                return
        if not part.ready_line and not part.probes and time.monotonic() - state.started < 2:
            return  # no readiness signal: it counts as up once it has run for a moment
        state.ready = time.monotonic()
        state.summary = part.summary

    def _report(self, name: str) -> None:
        state = self._states[name]
        assert state.started is not None
        if state.ready is not None:
            took = state.ready - state.started
            self.console.print(
                f"[green]✓[/] {name.ljust(self._width)} ready in {took:5.1f} s"
                f"{'  ' + state.summary if state.summary else ''}"
            )
        elif state.failure is not None:
            self.console.print(f"[bold red]✗ {name}[/] {state.failure}")

    def _timed_out(self, name: str, now: float) -> None:
        part, state = self.parts[name], self._states[name]
        if state.started is None or state.ready is not None or state.failure is not None:
            return
        waited = now - state.started
        busy = f" — {part.starting}" if part.starting else ""
        if waited > part.timeout and isinstance(part, ProcessSpec):
            state.failure = f"not ready after {part.timeout:.0f} s{busy}"
        elif waited > part.timeout / 2 and not state.said_slow:
            state.said_slow = True
            self.console.print(f"[yellow]… {name}[/] still starting after {waited:.0f} s{busy}")

    def wait_ready(self, *, on_poll: Callable[[], bool] | None = None) -> Readiness:
        """Start parts as their dependencies get ready; return once all are ready or failed.

        ``on_poll`` is called on every round and may return True to give up (Ctrl-C).
        """
        reported: set[str] = set()
        with httpx.Client(timeout=1.0) as client:
            while True:
                self.start()
                now = time.monotonic()
                for name in self.parts:
                    self._check(name, client)
                    self._timed_out(name, now)
                    state = self._states[name]
                    if name not in reported and (state.ready or state.failure):
                        reported.add(name)
                        self._report(name)
                blocked = self._blocked()
                if len(reported) + len(blocked) == len(self.parts):
                    break
                if on_poll is not None and on_poll():
                    break
                time.sleep(0.25)
        failed = {n: s.failure for n, s in self._states.items() if s.failure is not None}
        failed.update(blocked)
        ready = {
            n: s.ready - s.started
            for n, s in self._states.items()
            if s.ready is not None and s.started is not None
        }
        return Readiness(ready=ready, failed=failed, seconds=time.monotonic() - self._began)

    def _blocked(self) -> dict[str, str]:
        """Parts that will never start because a part they wait for failed."""
        blocked: dict[str, str] = {}
        changed = True
        while changed:
            changed = False
            for name, part in self.parts.items():
                if name in blocked or self._states[name].started is not None:
                    continue
                bad = [d for d in part.after if self._states[d].failure or d in blocked]
                if bad:
                    blocked[name] = f"not started: {', '.join(bad)} failed"
                    changed = True
        return blocked

    # -- running and stopping ---------------------------------------------------------------
    def failed(self) -> list[str]:
        """Children that have exited."""
        return [name for name, child in self.children.items() if child.poll() is not None]

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM every child's process group; SIGKILL whoever is still there after ``grace``."""
        self._stopping.set()
        for child in self.children.values():
            if child.poll() is None:
                _signal_group(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for child in self.children.values():
            remaining = max(0.0, deadline - time.monotonic())
            try:
                child.wait(remaining)
            except subprocess.TimeoutExpired:
                _signal_group(child.pid, signal.SIGKILL)
                child.wait()


def process_alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)


def pid_file() -> Path:
    """Where a running ``lakoo up`` records its pid (for ``lakoo down``)."""
    return lakoo_home() / "up.pid"
