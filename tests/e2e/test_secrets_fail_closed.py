"""Secrets fail closed (DESIGN §3): a real ``lakoo serve`` with no ``LAKOO_ENV`` (so production)
and a value that was once committed as a default refuses to start and names the variable.

Each refusal has a control beside it: the same command with the generated secret starts and
answers ``/health``, so the refusal is the secret's doing and nothing else's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.processes import free_port, wait_healthy

# service → a secret it reads and the value the repository once shipped as its default
COMMITTED_DEFAULTS = [
    ("gateway", "GATEWAY_SECRET_KEY", "gateway-dev-only-change-me"),
    ("payment", "XENDIT_CALLBACK_TOKEN", "xendit-callback-dev-only-change-me"),
    ("logistic", "BITESHIP_WEBHOOK_SECRET", "biteship-webhook-dev-only-change-me"),
]


def _serve(
    service: str, port: int, tmp_path: Path, output: int = subprocess.PIPE, **env: str
) -> subprocess.Popen[bytes]:
    environment = {k: v for k, v in os.environ.items() if k != "LAKOO_ENV"}
    # a state directory of its own: no generated secrets of this checkout to fall back on
    environment.update(LAKOO_HOME=str(tmp_path), **env)
    return subprocess.Popen(
        [sys.executable, "-m", "lakoo.cli", "serve", service, "--port", str(port)],
        env=environment,
        stdout=output,
        stderr=subprocess.STDOUT,
    )


def test_services_without_lakoo_env_refuse_a_committed_secret(tmp_path: Path) -> None:
    # all at once: each start is mostly Python importing, and the machine has two cores
    refused = {
        variable: _serve(service, free_port(), tmp_path, **{variable: committed})
        for service, variable, committed in COMMITTED_DEFAULTS
    }
    for variable, process in refused.items():
        output = process.communicate(timeout=90)[0].decode(errors="replace")
        assert process.returncode != 0, output
        assert variable in output
        assert "LAKOO_ENV=production" in output

    ports = {service: free_port() for service, _, _ in COMMITTED_DEFAULTS}
    controls = {  # the session's generated secrets instead of the committed ones
        service: _serve(service, ports[service], tmp_path, subprocess.DEVNULL) for service in ports
    }
    try:
        for service, process in controls.items():
            wait_healthy(process, f"http://127.0.0.1:{ports[service]}", timeout=90)
    finally:
        for process in controls.values():
            process.terminate()
            process.wait(timeout=10)
