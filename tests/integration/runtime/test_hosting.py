"""Many apps in one process (``lakoo sandbox all``, the same host as ``lakoo serve``)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx

from tests.support.processes import free_port


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health", timeout=1.0).status_code == 200
    except httpx.TransportError:
        return False


def _host(*targets: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "lakoo.cli", "sandbox", "all", *targets],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_every_app_answers_on_its_own_port_and_sigterm_stops_them_all() -> None:
    xendit, biteship = free_port(), free_port()
    host = _host(f"xendit:{xendit}", f"biteship:{biteship}")
    try:
        deadline = time.monotonic() + 60
        while not (_answers(xendit) and _answers(biteship)):
            assert host.poll() is None, host.stdout.read() if host.stdout else ""
            assert time.monotonic() < deadline, "the sandboxes did not answer in 60 s"
            time.sleep(0.2)
        assert httpx.get(f"http://127.0.0.1:{xendit}/health").json()["status"] == "ok"
    finally:
        host.terminate()
        code = host.wait(20)
        if host.stdout:
            host.stdout.close()
    assert code == 0
    assert not _answers(xendit) and not _answers(biteship)


def test_an_app_that_cannot_start_is_named_and_the_others_do_not_stay_up() -> None:
    xendit = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        host = _host(f"xendit:{xendit}", f"biteship:{busy}")
        output, _ = host.communicate(timeout=60)
    assert host.returncode == 1
    assert "biteship could not start" in output
    assert not _answers(xendit)
