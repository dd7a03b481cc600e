"""Real processes for end-to-end tests: ``lakoo`` commands on free ports, healthy or failed.

with running(serve("auth", env=...), serve("gateway", env=...)) as (auth, gateway):
    httpx.get(gateway.url + "/api/auth/me")
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx

_GIVEN: set[int] = set()


def free_port() -> int:
    """A TCP port nobody listens on right now, and never one this process was given before.

    The kernel may hand the same ephemeral port to two binds in a row once the first socket is
    closed, so two services of one platform, asked for one after the other, could get the same
    port (CI saw cart and order both given 38523) — hence the memory of what was given.
    """
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if port not in _GIVEN:
            _GIVEN.add(port)
            return port


@dataclass
class Process:
    """A ``lakoo`` command to run; ``url`` is set for those that serve HTTP."""

    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    url: str | None = None
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.popen = subprocess.Popen(
            self.argv,
            env={**os.environ, "LAKOO_ENV": "test", **self.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait_healthy(self, timeout: float = 30.0) -> None:
        """Wait for ``/health`` to answer 200 (a process without a URL: just that it runs)."""
        assert self.popen is not None
        wait_healthy(self.popen, self.url, timeout)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, then SIGKILL if it does not leave in time."""
        if self.popen is None or self.popen.poll() is not None:
            return
        self.popen.terminate()
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()


def wait_healthy(popen: subprocess.Popen[bytes], url: str | None, timeout: float) -> None:
    """Until ``url``'s ``/health`` answers 200; fails at once if the process exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if popen.poll() is not None:
            raise RuntimeError(f"{popen.args} exited with {popen.returncode}")
        if url is None:
            return
        try:
            if httpx.get(f"{url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    command = " ".join(str(arg) for arg in popen.args[3:])  # past "python -m lakoo.cli"
    raise TimeoutError(f"{command} ({url}) did not become healthy in {timeout:.0f} s")


def lakoo(*args: str, env: dict[str, str] | None = None, url: str | None = None) -> Process:
    """A ``lakoo`` command (not started yet)."""
    return Process([sys.executable, "-m", "lakoo.cli", *args], env=dict(env or {}), url=url)


def serve(service: str, *, env: dict[str, str] | None = None, port: int | None = None) -> Process:
    """``lakoo serve <service>`` on a free port (not started yet)."""
    port = port or free_port()
    return lakoo("serve", service, "--port", str(port), env=env, url=f"http://127.0.0.1:{port}")


@contextmanager
def running(*processes: Process, timeout: float = 30.0) -> Iterator[Sequence[Process]]:
    """Start every process, wait until all are healthy, stop them all afterwards."""
    try:
        for process in processes:
            process.start()
        for process in processes:
            process.wait_healthy(timeout)
        yield processes
    finally:
        for process in reversed(processes):
            process.stop()
