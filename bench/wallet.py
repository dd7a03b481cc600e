"""Wallet debits per second on one hot platform account vs a single-row UPDATE loop.

    .venv/bin/python -m bench.wallet --concurrency 16 --seconds 8 --rounds 3 --wallets 1000

``lakoo serve wallet`` runs as its own process on a scratch wallet_db (``--source DIR`` serves
the code of another checkout, for a before figure taken back to back). Every debit is an ad
charge (``POST /internal/wallets/debits``, Rp 1, a fresh idempotency key), so every one of them
posts to ``platform:ad_revenue`` — the hot account. Two shapes, each alternated with its baseline
over several rounds:

- **hot**: every debit from ONE seller wallet (two hot rows: the wallet and ad revenue);
  baseline: ``UPDATE bench_account SET balance = balance + 1 WHERE id = 1`` in autocommit;
- **spread**: each debit from a random one of ``--wallets`` seller wallets (ad revenue stays
  hot); baseline: the same UPDATE on a random row among as many.

The baseline uses asyncpg with ``--concurrency`` connections on the same database; the load on
the service comes from as many keep-alive HTTP connections written with bare asyncio streams, so
the load generator's own cost stays small beside the service's on a small machine. Commits per
debit are read from ``pg_stat_database`` (group commit: many debits per transaction).
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

from api.kit.db import libpq_url
from bench.common import closed_loop, create_database, drop_database, single_row_updates, stack_info
from bench.serving import Connection, serve, wait_healthy
from lakoo.runtime.secrets import generate as generate_secrets
from tests.support.processes import free_port
from tests.support.services import migrated_database

FUNDS = 100_000_000_000


def _debit(seller: UUID) -> dict[str, object]:
    return {
        "user_id": str(seller),
        "owner_type": "seller",
        "amount": 1,
        "reason": "ad_spend",
        "reference_type": "ad_charge",
        "reference_id": "bench",
        "idempotency_key": uuid4().hex,
    }


def _debits(pool: list[Connection], pick: Callable[[], UUID]) -> Callable[[], Awaitable[bool]]:
    free = list(pool)

    async def call() -> bool:
        connection = free.pop()
        try:
            return await connection.post("/internal/wallets/debits", _debit(pick())) == 201
        finally:
            free.append(connection)

    return call


UPDATE = "UPDATE bench_account SET balance = balance + 1 WHERE id = $1"


async def _fund(connection: Connection, sellers: list[UUID]) -> None:
    for seller in sellers:
        status = await connection.post(
            "/internal/wallets/credits",
            {
                "user_id": str(seller),
                "owner_type": "seller",
                "amount": FUNDS // len(sellers),
                "reason": "settlement",
                "reference_type": "bench",
                "reference_id": "funds",
                "idempotency_key": uuid4().hex,
            },
        )
        assert status == 201, status


async def _commits(db: asyncpg.Pool) -> int:
    return int(
        await db.fetchval(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
        )
    )


async def run(
    port: int, database_url: str, *, concurrency: int, seconds: float, rounds: int, wallets: int
) -> None:
    db = await asyncpg.create_pool(
        libpq_url(database_url), min_size=concurrency, max_size=concurrency
    )
    assert db is not None
    await db.execute("CREATE TABLE bench_account (id int PRIMARY KEY, balance bigint NOT NULL)")
    await db.execute("INSERT INTO bench_account SELECT g, 0 FROM generate_series(1, $1) g", wallets)
    pool = [Connection("127.0.0.1", port) for _ in range(concurrency)]
    hot, spread = uuid4(), [uuid4() for _ in range(wallets)]
    await _fund(pool[0], [hot])
    await _fund(pool[0], spread)
    shapes = {
        "hot": (_debits(pool, lambda: hot), single_row_updates(db, UPDATE, lambda: 1)),
        "spread": (
            _debits(pool, lambda: random.choice(spread)),
            single_row_updates(db, UPDATE, lambda: random.randint(1, wallets)),
        ),
    }
    await closed_loop(concurrency, 1.0, shapes["hot"][0])  # warm connections and caches
    for name, (debit, update) in shapes.items():
        ours, theirs, ratios, per_commit = [], [], [], []
        for round_ in range(1, rounds + 1):
            before = await _commits(db)
            started = time.perf_counter()
            d = await closed_loop(concurrency, seconds, debit)
            commits = await _commits(db) - before - 2  # minus the two reads of the counter
            per_commit.append(d * (time.perf_counter() - started) / max(commits, 1))
            u = await closed_loop(concurrency, seconds, update)
            ours.append(d)
            theirs.append(u)
            ratios.append(d / u)
            print(
                f"{name} round {round_}: debits {d:,.0f}/s ({per_commit[-1]:.1f} per commit) · "
                f"single-row UPDATE {u:,.0f}/s · ratio {d / u:.2f}",
                flush=True,
            )
        print(
            f"{name} (median of {rounds}): debits {statistics.median(ours):,.0f}/s · UPDATE "
            f"{statistics.median(theirs):,.0f}/s · ratio {statistics.median(ratios):.2f} · "
            f"{statistics.median(per_commit):.1f} debits per commit",
            flush=True,
        )
    balance = await db.fetchval("SELECT balance FROM accounts WHERE code = 'platform:ad_revenue'")
    postings = await db.fetchval("SELECT sum(amount) FROM postings")
    print(f"platform:ad_revenue = Rp {balance:,} · Σ postings = {postings}", flush=True)
    await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--wallets", type=int, default=1000)
    parser.add_argument(
        "--workers", type=int, default=1, help="wallet processes (uvicorn workers) serving it"
    )
    parser.add_argument("--source", help="serve the wallet from this checkout (before figure)")
    args = parser.parse_args()
    # No secret has a default: the scratch service and the load share fresh ones (as tests do).
    for name, value in generate_secrets().items():
        os.environ.setdefault(name, value)
    info = stack_info()
    database_url = create_database(info.postgres_url, "bench")
    port = free_port()
    service = None
    try:
        migrated_database("wallet", database_url)
        service = serve("wallet", port, database_url, workers=args.workers, source=args.source)
        wait_healthy(f"http://127.0.0.1:{port}")
        asyncio.run(
            run(
                port,
                database_url,
                concurrency=args.concurrency,
                seconds=args.seconds,
                rounds=args.rounds,
                wallets=args.wallets,
            )
        )
    finally:
        if service is not None:
            service.terminate()
            service.wait(30)
        drop_database(info.postgres_url, database_url)


if __name__ == "__main__":
    main()
