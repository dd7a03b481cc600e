"""``lakoo simulate`` against real processes: seeded catalogue, shoppers to delivered orders.

This module runs the platform in production's shape — a process per service, per worker and
per sandbox (``checkout_platform(topology="separate")``) — so the separate topology is driven
end to end too; the other e2e modules use the development topology ``lakoo up`` runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.e2e.platform import CheckoutPlatform, checkout_platform

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def processes(postgres_url: str, kafka_bootstrap: str) -> Iterator[CheckoutPlatform]:
    with checkout_platform(postgres_url, kafka_bootstrap, topology="separate") as platform:
        yield platform


def test_simulate_trades_through_the_gateway_and_prints_its_summary(
    processes: CheckoutPlatform,
) -> None:
    env = {**os.environ, "LAKOO_ENV": "test", "COLUMNS": "120", **processes.env}
    lakoo = [sys.executable, "-m", "lakoo.cli"]
    subprocess.run([*lakoo, "seed", "--products", "40"], env=env, check=True, capture_output=True)
    endpoints = processes.endpoints
    done = subprocess.run(
        [sys.executable, "-m", "lakoo.cli", "simulate", "--shoppers", "8", "--seed", "3"]
        + ["--gateway", endpoints.gateway, "--xendit", endpoints.xendit]
        + ["--biteship", endpoints.biteship],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "orders by status" in out and "GMV" in out and "where to look next" in out
    assert "delivered" in out or "completed" in out
    assert "a step failed" not in out
    assert "after delivery: reviews and the support desk" in out and "tickets resolved" in out
