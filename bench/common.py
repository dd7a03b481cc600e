"""What the benchmarks share: the running stack, scratch databases and topics, percentiles."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from lakoo.runtime import stack
from tests.support.databases import create_database, drop_database, install_kit
from tests.support.kafka import unique_topic

__all__ = [
    "closed_loop",
    "single_row_updates",
    "create_database",
    "drop_database",
    "install_kit",
    "percentile",
    "stack_info",
    "summary_ms",
    "unique_topic",
]


def stack_info() -> stack.StackInfo:
    """The running stack (started if needed)."""
    return stack.up()


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile (0–100) of ``values`` (nearest-rank)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[rank]


def summary_ms(values: Sequence[float]) -> str:
    """p50 / p99 / max of latencies in seconds, printed in milliseconds."""
    return (
        f"p50 {percentile(values, 50) * 1000:.1f} ms · p99 {percentile(values, 99) * 1000:.1f} ms"
        f" · max {max(values) * 1000:.1f} ms · mean {statistics.fmean(values) * 1000:.1f} ms"
    )


async def closed_loop(
    concurrency: int, seconds: float, call: Callable[[], Awaitable[bool]]
) -> float:
    """Successful calls per second of ``concurrency`` clients calling back to back."""
    done = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            if await call():
                done += 1

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return done / (time.perf_counter() - start)


def single_row_updates(
    pool: Any, statement: str, pick: Callable[[], int]
) -> Callable[[], Awaitable[bool]]:
    """The baseline's call: one autocommit ``UPDATE`` of the row ``pick()`` names (asyncpg)."""

    async def call() -> bool:
        return bool(await pool.execute(statement, pick()) == "UPDATE 1")

    return call
