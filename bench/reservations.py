"""Reservations per second vs a pgbench-style single-row update loop on the same database.

    .venv/bin/python -m bench.reservations --concurrency 16 --seconds 8 --rounds 3

``lakoo serve warehouse`` runs as its own process on a scratch warehouse_db (``--source DIR``
serves the warehouse from another checkout instead, for a before figure). Two shapes, each
alternated with its baseline over several rounds:

- **hot**: every reservation takes 1 unit of ONE variant (all transactions queue on one row);
  baseline: ``UPDATE bench_stock SET x = x - 1 WHERE id = 1 AND x > 0`` in autocommit.
- **spread**: each reservation takes 1 unit of a random variant among ``--variants``;
  baseline: the same UPDATE on a random row among as many.

Each reservation is ``POST /internal/reservations`` (a fresh checkout and order, 1 unit); the load
comes from ``--concurrency`` keep-alive HTTP connections written with bare asyncio streams. The
baseline uses asyncpg directly with the same number of connections. Reservations per commit come
from ``pg_stat_database`` (group commit: many checkouts per transaction).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from uuid import UUID, uuid4

import asyncpg
import httpx

from api.kit.auth import Role
from api.kit.db import libpq_url
from bench.common import closed_loop, create_database, drop_database, single_row_updates, stack_info
from bench.serving import Connection, serve, wait_healthy
from lakoo.runtime.secrets import generate as generate_secrets
from tests.support.processes import free_port
from tests.support.services import as_user, internal_headers, migrated_database

STOCK = 1_000_000  # the most one stock adjustment may add
UPDATE = "UPDATE bench_stock SET x = x - 1 WHERE id = $1 AND x > 0"


async def _variants(url: str, count: int) -> list[UUID]:
    ids = []
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
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
            assert r.status_code == 201, r.text
            ids.append(variant_id)
    return ids


def _reservations(
    pool: list[Connection], pick: Callable[[], UUID]
) -> Callable[[], Awaitable[bool]]:
    free = list(pool)

    async def call() -> bool:
        connection = free.pop()
        order = str(uuid4())
        body: dict[str, object] = {
            "checkout_id": order,
            "items": [{"order_id": order, "variant_id": str(pick()), "quantity": 1}],
        }
        try:
            return await connection.post("/internal/reservations", body) == 201
        finally:
            free.append(connection)

    return call


async def _commits(db: asyncpg.Pool) -> int:
    return int(
        await db.fetchval(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
        )
    )


async def run(
    port: int, database_url: str, *, concurrency: int, seconds: float, rounds: int, variants: int
) -> None:
    db = await asyncpg.create_pool(
        libpq_url(database_url), min_size=concurrency, max_size=concurrency
    )
    assert db is not None
    await db.execute("CREATE TABLE bench_stock (id int PRIMARY KEY, x bigint NOT NULL)")
    await db.execute(
        "INSERT INTO bench_stock SELECT g, $1 FROM generate_series(1, $2) g", STOCK, variants
    )
    ids = await _variants(f"http://127.0.0.1:{port}", variants)
    hot_id = ids[0]
    pool = [Connection("127.0.0.1", port) for _ in range(concurrency)]
    shapes = {
        "hot": (_reservations(pool, lambda: hot_id), single_row_updates(db, UPDATE, lambda: 1)),
        "spread": (
            _reservations(pool, lambda: random.choice(ids)),
            single_row_updates(db, UPDATE, lambda: random.randint(1, variants)),
        ),
    }
    await closed_loop(concurrency, 1.0, shapes["spread"][0])  # warm connections and caches
    for name, (reserve, update) in shapes.items():
        ours, theirs, ratios, per_commit = [], [], [], []
        for round_ in range(1, rounds + 1):
            before = await _commits(db)
            started = time.perf_counter()
            r = await closed_loop(concurrency, seconds, reserve)
            commits = await _commits(db) - before - 2  # minus the two reads of the counter
            per_commit.append(r * (time.perf_counter() - started) / max(commits, 1))
            u = await closed_loop(concurrency, seconds, update)
            ours.append(r)
            theirs.append(u)
            ratios.append(r / u)
            print(
                f"{name} round {round_}: reservations {r:,.0f}/s ({per_commit[-1]:.1f} per "
                f"commit) · single-row UPDATE {u:,.0f}/s · ratio {r / u:.3f}",
                flush=True,
            )
        print(
            f"{name} (median of {rounds}): reservations {statistics.median(ours):,.0f}/s · "
            f"UPDATE {statistics.median(theirs):,.0f}/s · ratio "
            f"{statistics.median(ratios):.3f} · {statistics.median(per_commit):.1f} per commit",
            flush=True,
        )
    reserved = await db.fetchval("SELECT sum(reserved) FROM stock")
    checkouts = await db.fetchval("SELECT count(*) FROM reservation_checkouts")
    lines = await db.fetchval("SELECT count(*) FROM reservation_lines")
    print(f"Σ reserved = {reserved:,} · checkouts = {checkouts:,} · lines = {lines:,}", flush=True)
    assert reserved == checkouts == lines, "every admitted checkout holds exactly its one unit"
    await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--variants", type=int, default=200)
    parser.add_argument("--source", help="serve the warehouse from this checkout (before figure)")
    args = parser.parse_args()
    # No secret has a default: the scratch service and the load share fresh ones (as tests do).
    for name, value in generate_secrets().items():
        os.environ.setdefault(name, value)
    info = stack_info()
    database_url = create_database(info.postgres_url, "bench")
    port = free_port()
    service = None
    try:
        migrated_database("warehouse", database_url)
        service = serve("warehouse", port, database_url, source=args.source)
        wait_healthy(f"http://127.0.0.1:{port}")
        asyncio.run(
            run(
                port,
                database_url,
                concurrency=args.concurrency,
                seconds=args.seconds,
                rounds=args.rounds,
                variants=args.variants,
            )
        )
    finally:
        if service is not None:
            service.terminate()
            service.wait(30)
        drop_database(info.postgres_url, database_url)


if __name__ == "__main__":
    main()
