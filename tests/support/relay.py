"""The relay as a real process, for tests that kill it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from api.kit.db import libpq_url


def start_relay(
    name: str,
    database_url: str,
    *,
    batch_size: int = 500,
    env: dict[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """``lakoo relay`` on one database, in its own process (``env`` added to ours)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lakoo.cli",
            "relay",
            "--database",
            f"{name}={libpq_url(database_url)}",
            "--batch-size",
            str(batch_size),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "LAKOO_LOG_JSON": "true", **(env or {})},
    )


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL: no cleanup, no flush, no goodbye — as a crash."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
