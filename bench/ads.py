"""Ad serving over 10,000 active campaigns at 16 concurrent clients, and clicks recorded per second.

Loads a scratch advert database with COPY (campaigns of active sellers, keywords from a small
vocabulary so a query matches ~100), starts the advertisement service as its own process
(``lakoo serve advertisement``, as the wallet and reservation benches do) and runs, alternating:

- ``GET /api/ads/placements?placement=search&q=…`` over keep-alive connections written with bare
  asyncio streams (:mod:`bench.serving`): the ranking query, the auction and the batched
  impression write;
- the same ranking statement (``api.advertisement.service.ranking.build_ranking``) directly
  through asyncpg, 16 connections.

Then 16 clients click served impressions (each click with the invalid-click rules on) for a few
seconds: clicks/s. ``--source DIR`` serves another checkout's code (a before figure).

    .venv/bin/python -m bench.ads --campaigns 10000 --seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import random
import time
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any
from urllib.parse import urlencode
from uuid import uuid4

import asyncpg
import orjson
import psycopg
from sqlalchemy.dialects import postgresql

from api.advertisement.service.ranking import build_ranking
from api.kit.db import libpq_url
from api.kit.numbering import WIB
from bench.common import create_database, drop_database, percentile, stack_info
from bench.serving import Connection, serve, wait_healthy
from lakoo.runtime.secrets import generate as generate_secrets
from tests.support.processes import free_port
from tests.support.services import as_user, migrated_database

BASE = [
    "batik", "kemeja", "kaos", "gamis", "dress", "linen", "katun", "sutra", "tenun", "songket",
    "hijab", "celana", "rok", "jaket", "blazer", "sarung", "kebaya", "tunik", "outer", "cardigan",
]  # fmt: skip
# 300 keywords (a garment and a variant number): a query matches ~1 % of the campaigns, as a
# shopper's words do — one word shared by 15 % of them would make every query a scan
WORDS = [f"{word}{n}" for word in BASE for n in range(15)]


def _load(url: str, n: int, rng: random.Random) -> None:
    now = datetime.now(UTC)
    sellers = [uuid4() for _ in range(max(1, n // 10))]
    campaigns, standing = io.StringIO(), io.StringIO()
    for s in sellers:
        standing.write(f"{s}\tactive\t{now.isoformat()}\n")
    for i in range(n):
        words = rng.sample(WORDS, 3)
        cpm = rng.random() < 0.2
        bid = rng.randrange(2_000, 60_000) if cpm else rng.randrange(500, 5_001)
        row = [
            str(uuid4()), str(rng.choice(sellers)), f"Campaign {i}", "sponsored_search",
            "cpm" if cpm else "cpc", str(bid), "1000000", "100000000",
            (now - timedelta(days=1)).isoformat(), "{" + ",".join(words) + "}",
            "{" + str(uuid4()) + "}", " ".join(words), "active",
            str(rng.randrange(0, 5000)), str(rng.randrange(0, 50)), "0", "0", "0",
            (now - timedelta(minutes=i)).isoformat(), now.isoformat(),
        ]  # fmt: skip
        campaigns.write("\t".join(row) + "\n")
    with psycopg.connect(libpq_url(url)) as conn, conn.cursor() as cur:
        with cur.copy(
            "COPY campaigns (id, seller_id, name, type, pricing_model, bid, daily_budget,"
            " total_budget, starts_at, keywords, product_ids, search_text, status, impressions,"
            " clicks, spent_total, spent_today, charged_total, created_at, updated_at) FROM STDIN"
        ) as copy:
            copy.write(campaigns.getvalue())
        with cur.copy("COPY sellers (seller_id, status, updated_at) FROM STDIN") as copy:
            copy.write(standing.getvalue())
        cur.execute("ANALYZE")


@cache
def _compiled() -> tuple[str, list[str], dict[str, object]]:
    """The ranking statement as asyncpg runs it: compiled once, as the service's is cached."""
    ranking = _ranking("x")
    compiled = ranking[0].compile(dialect=postgresql.asyncpg.dialect())
    return str(compiled), list(compiled.positiontup or []), dict(compiled.params)


def _ranking(q: str) -> tuple[Any, dict[str, Any]]:
    now = datetime.now(UTC)
    ranking = build_ranking(
        placement="search", q=q, category_id=None, now=now,
        today=now.astimezone(WIB).date(), floor=500, limit=4,
    )  # fmt: skip
    assert ranking is not None
    return ranking


def _sql(q: str) -> tuple[str, list[object]]:
    sql, names, fixed = _compiled()
    params = fixed | _ranking(q)[1]
    return sql, [params[name] for name in names]


async def _loop(clients: int, seconds: float, call: object) -> list[float]:
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            await call()  # type: ignore[operator]
            latencies.append(time.perf_counter() - start)

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies


async def _run(port: int, url: str, clients: int, seconds: float) -> None:
    rng = random.Random(7)
    pool = await asyncpg.create_pool(
        libpq_url(url).replace("postgresql://", "postgres://"), min_size=clients, max_size=clients
    )
    free = [Connection("127.0.0.1", port) for _ in range(clients)]
    served: list[str] = []

    async def serve_one() -> None:
        connection = free.pop()
        try:
            query = urlencode({"placement": "search", "q": rng.choice(WORDS), "limit": 3})
            status, body = await connection.request("GET", f"/api/ads/placements?{query}")
        finally:
            free.append(connection)
        assert status == 200, body
        served.extend(i["impression_id"] for i in orjson.loads(body)["items"])

    async def direct() -> None:
        sql, params = _sql(rng.choice(WORDS))
        async with pool.acquire() as conn:
            await conn.fetch(sql, *params)

    await _loop(clients, 2, serve_one)  # warm up
    rounds = []
    for _ in range(3):
        http = await _loop(clients, seconds, serve_one)
        raw = await _loop(clients, seconds, direct)
        rounds.append((len(http) / seconds, len(raw) / seconds, http, raw))
    for n, (h, r, http, raw) in enumerate(rounds, 1):
        print(
            f"round {n}: serving {h:.0f} req/s p50 {percentile(http, 50) * 1000:.1f} ms"
            f" p99 {percentile(http, 99) * 1000:.1f} ms | ranking SQL {r:.0f} q/s"
            f" p99 {percentile(raw, 99) * 1000:.1f} ms | ratio {h / r:.2f}"
        )
    ratios = sorted(h / r for h, r, _, _ in rounds)
    all_http = [x for _, _, http, _ in rounds for x in http]
    print(
        f"serving p50 {percentile(all_http, 50) * 1000:.1f} ms"
        f" p99 {percentile(all_http, 99) * 1000:.1f} ms (target < 25 ms);"
        f" ratio median {ratios[1]:.2f} (target ≥ 0.5)"
    )

    rng.shuffle(served)
    queue = iter(served)

    async def click() -> None:
        headers = as_user()
        headers["x-forwarded-for"] = f"10.{rng.randrange(256)}.{rng.randrange(256)}.1"
        connection = free.pop()
        try:
            status, body = await connection.request(
                "POST", "/api/ads/clicks", {"impression_id": next(queue)}, headers
            )
        finally:
            free.append(connection)
        assert status == 201, body

    clicks = await _loop(clients, seconds, click)
    print(
        f"clicks {len(clicks) / seconds:.0f}/s with the rules on"
        f" (p50 {percentile(clicks, 50) * 1000:.1f} ms p99 {percentile(clicks, 99) * 1000:.1f} ms;"
        " target ≥ 2,000/s)"
    )
    await pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--campaigns", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--source", help="serve this checkout's code (a before figure)")
    args = parser.parse_args()
    os.environ.setdefault("LAKOO_ENV", "test")
    # no secret has a default: the scratch service and the load share fresh ones (as tests do)
    for name, value in generate_secrets().items():
        os.environ.setdefault(name, value)
    info = stack_info()
    url = create_database(info.postgres_url, "bench")
    try:
        migrated_database("advertisement", url)
        _load(url, args.campaigns, random.Random(1))
        port = free_port()
        service = serve("advertisement", port, url, workers=args.workers, source=args.source)
        try:
            wait_healthy(f"http://127.0.0.1:{port}")
            asyncio.run(_run(port, url, args.clients, args.seconds))
        finally:
            service.terminate()
            service.wait(30)
    finally:
        drop_database(info.postgres_url, url)


if __name__ == "__main__":
    main()
