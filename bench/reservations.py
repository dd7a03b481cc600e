"""Reservations per second vs a pgbench-style single-row update loop on the same database.

    .venv/bin/python -m bench.reservations --concurrency 16 --seconds 8 --rounds 3

Two shapes, each alternated with its baseline over several rounds:

- **hot**: every reservation takes 1 unit of ONE variant (all transactions queue on one row);
  baseline: ``UPDATE bench_stock SET x = x - 1 WHERE id = 1 AND x > 0`` in autocommit.
- **spread**: each reservation takes 1 unit of a random variant among ``--variants``;
  baseline: the same UPDATE on a random row among as many.

Reservations go through the real app in-process (``POST /internal/reservations`` over httpx's
ASGI transport, its own asyncpg pool); the baseline uses asyncpg directly with the same number of
connections. A closed loop of ``--concurrency`` clients runs for ``--seconds`` each time.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
from collections.abc import Awaitable, Callable
from uuid import UUID, uuid4

import asyncpg
import httpx

from api.kit.auth import Role
from api.kit.db import libpq_url
from bench.common import closed_loop, create_database, drop_database, single_row_updates, stack_info
from tests.support.services import (
    as_user,
    internal_headers,
    migrated_database,
    service_client,
)

STOCK = 1_000_000_000


async def _variants(client: httpx.AsyncClient, count: int) -> list[UUID]:
    ids = []
    for _ in range(count):
        variant_id = uuid4()
        body = {"product_id": str(uuid4()), "sku": f"B-{variant_id.hex[:12]}", "cost": 1}
        r = await client.put(
            f"/internal/variants/{variant_id}", json=body, headers=internal_headers()
        )
        r.raise_for_status()
        r = await client.post(
            "/api/warehouse/stock-adjustments",
            json={"variant_id": str(variant_id), "quantity_change": STOCK, "reason": "bench"},
            headers=as_user(Role.warehouse_staff),
        )
        r.raise_for_status()
        ids.append(variant_id)
    return ids


def _reservation(
    client: httpx.AsyncClient, pick: Callable[[], UUID]
) -> Callable[[], Awaitable[bool]]:
    headers = internal_headers()

    async def call() -> bool:
        order = str(uuid4())
        r = await client.post(
            "/internal/reservations",
            headers=headers,
            json={
                "checkout_id": order,
                "items": [{"order_id": order, "variant_id": str(pick()), "quantity": 1}],
            },
        )
        return r.status_code == 201

    return call


UPDATE = "UPDATE bench_stock SET x = x - 1 WHERE id = $1 AND x > 0"


async def run(
    database_url: str, *, concurrency: int, seconds: float, rounds: int, variants: int
) -> None:
    pool = await asyncpg.create_pool(
        libpq_url(database_url), min_size=concurrency, max_size=concurrency
    )
    assert pool is not None
    await pool.execute("CREATE TABLE bench_stock (id int PRIMARY KEY, x bigint NOT NULL)")
    await pool.execute(
        "INSERT INTO bench_stock SELECT g, $1 FROM generate_series(1, $2) g", STOCK, variants
    )
    overrides = {"log_level": "WARNING"}
    async with service_client("warehouse", database_url, settings_overrides=overrides) as client:
        ids = await _variants(client, variants)
        hot_id = ids[0]
        shapes = {
            "hot": (
                _reservation(client, lambda: hot_id),
                single_row_updates(pool, UPDATE, lambda: 1),
            ),
            "spread": (
                _reservation(client, lambda: random.choice(ids)),
                single_row_updates(pool, UPDATE, lambda: random.randint(1, variants)),
            ),
        }
        for name, (reserve, update) in shapes.items():
            ratios, ours, theirs = [], [], []
            for round_ in range(1, rounds + 1):
                r = await closed_loop(concurrency, seconds, reserve)
                u = await closed_loop(concurrency, seconds, update)
                ours.append(r)
                theirs.append(u)
                ratios.append(r / u)
                print(
                    f"{name} round {round_}: reservations {r:,.0f}/s · "
                    f"single-row UPDATE {u:,.0f}/s · ratio {r / u:.3f}",
                    flush=True,
                )
            print(
                f"{name} (median of {rounds}): reservations {statistics.median(ours):,.0f}/s · "
                f"UPDATE {statistics.median(theirs):,.0f}/s · ratio "
                f"{statistics.median(ratios):.3f}",
                flush=True,
            )
    await pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--variants", type=int, default=200)
    args = parser.parse_args()
    info = stack_info()
    database_url = create_database(info.postgres_url, "bench")
    try:
        migrated_database("warehouse", database_url)
        asyncio.run(
            run(
                database_url,
                concurrency=args.concurrency,
                seconds=args.seconds,
                rounds=args.rounds,
                variants=args.variants,
            )
        )
    finally:
        drop_database(info.postgres_url, database_url)


if __name__ == "__main__":
    main()
