"""One supervisor for the whole platform: child processes with prefixed, coloured logs.

``lakoo up`` runs it in the foreground; Ctrl-C (or SIGTERM from ``lakoo down``) stops every
child: SIGTERM to each process group, then SIGKILL for whatever has not left after a grace period.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rich.console import Console

from api.kit.topology import (
    BITESHIP_SANDBOX_PORT,
    DAGSTER_UI_PORT,
    GATEWAY_PORT,
    SERVICES,
    XENDIT_SANDBOX_PORT,
)
from lakoo.runtime import repo_root

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


@dataclass
class ProcessSpec:
    """A child process of the platform and, if it serves HTTP, the URL that says it is up."""

    name: str
    argv: list[str]
    health_url: str | None = None
    env: dict[str, str] = field(default_factory=dict)


def _lakoo(*args: str) -> list[str]:
    return [sys.executable, "-m", "lakoo.cli", *args]


def _has_module(package: str, module: str) -> bool:
    return (repo_root() / "api" / package / f"{module}.py").is_file()


def platform_processes() -> list[ProcessSpec]:
    """Every process of the platform as built so far (services appear as their packages land)."""
    specs: list[ProcessSpec] = []
    for name, spec in SERVICES.items():
        if _has_module(name, "app"):
            specs.append(
                ProcessSpec(name, _lakoo("serve", name), f"http://127.0.0.1:{spec.port}/health")
            )
        if _has_module(name, "consumers") or _has_module(name, "jobs"):
            specs.append(ProcessSpec(f"{name}-worker", _lakoo("worker", name)))
    if _has_module("gateway", "app"):
        specs.append(
            ProcessSpec(
                "gateway", _lakoo("serve", "gateway"), f"http://127.0.0.1:{GATEWAY_PORT}/health"
            )
        )
    specs.append(ProcessSpec("relay", _lakoo("relay")))
    if (repo_root() / "lakoo" / "sandboxes").is_dir():
        # Local stand-ins for Xendit and Biteship: the payment and logistic clients' default
        specs += [
            ProcessSpec(
                "xendit-sandbox",
                _lakoo("sandbox", "xendit"),
                f"http://127.0.0.1:{XENDIT_SANDBOX_PORT}/health",
            ),
            ProcessSpec(
                "biteship-sandbox",
                _lakoo("sandbox", "biteship"),
                f"http://127.0.0.1:{BITESHIP_SANDBOX_PORT}/health",
            ),
        ]
    if (repo_root() / "pipelines" / "definitions.py").is_file():
        specs += _data_platform()
    return specs


def _data_platform() -> list[ProcessSpec]:
    """Near-real-time landing, and Dagster's UI and daemon (schedules, the lag sensor)."""
    bin_dir = Path(sys.executable).parent
    workspace = str(repo_root() / "workspace.yaml")
    return [
        ProcessSpec("land", _lakoo("land")),
        ProcessSpec(
            "dagster-ui",
            [
                str(bin_dir / "dagster-webserver"),
                "-w",
                workspace,
                "-h",
                "127.0.0.1",
                "-p",
                str(DAGSTER_UI_PORT),
            ],
            f"http://127.0.0.1:{DAGSTER_UI_PORT}/server_info",
        ),
        ProcessSpec("dagster-daemon", [str(bin_dir / "dagster-daemon"), "run", "-w", workspace]),
    ]


class Supervisor:
    """Starts, watches and stops a set of child processes."""

    def __init__(self, specs: list[ProcessSpec], *, console: Console | None = None) -> None:
        self.specs = specs
        self.console = console or Console(highlight=False)
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self._width = max((len(s.name) for s in specs), default=8)
        self._stopping = threading.Event()

    def start(self) -> None:
        colours = itertools.cycle(_COLOURS)
        env = {**os.environ, "LAKOO_LOG_JSON": os.environ.get("LAKOO_LOG_JSON", "false")}
        for spec in self.specs:
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
                target=self._pump, args=(spec.name, child, next(colours)), daemon=True
            ).start()

    def _pump(self, name: str, child: subprocess.Popen[bytes], colour: str) -> None:
        assert child.stdout is not None
        prefix = f"[{colour}]{name.ljust(self._width)} |[/] "
        with child.stdout:
            for raw in iter(child.stdout.readline, b""):
                line = raw.decode(errors="replace").rstrip()
                self.console.print(prefix + line.replace("[", r"\["), soft_wrap=True)
        code = child.wait()
        if not self._stopping.is_set():
            self.console.print(prefix + f"[bold red]exited with code {code}[/]")

    def wait_healthy(self, timeout: float = 60.0) -> list[str]:
        """Wait until every HTTP child answers ``/health``; returns those that never did."""
        pending = {s.name: s.health_url for s in self.specs if s.health_url}
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=1.0) as client:
            while pending and time.monotonic() < deadline:
                for name, url in list(pending.items()):
                    try:
                        if client.get(url).status_code == 200:
                            del pending[name]
                    except httpx.HTTPError:
                        pass
                time.sleep(0.3)
        return sorted(pending)

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


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)


def pid_file() -> Path:
    """Where a running ``lakoo up`` records its pid (for ``lakoo down``)."""
    from lakoo.runtime import lakoo_home

    return lakoo_home() / "up.pid"
