# ruff: noqa: E501  (the generator SQL reads better unwrapped)
"""Benchmark: dbt incremental run after +1% events against the full build.

    .venv/bin/python bench/dbt.py [--orders 200000]

Fills raw.events of a fresh database with generated events (per order: order.created with two
items, order.completed for 4 of 5, one payment.paid per two-order checkout, two ad impressions)
over eight ended weeks, times ``dbt run --full-refresh``, then closes the first six weeks (as the
Monday settlement runs would have: ``assets.closing``), appends 1% more orders spread over the
same eight weeks — so most of their settlement lines are late lines of the first open week —
and times ``dbt run``.
Ratio = incremental ÷ full (target ≤ 0.1), on dbt's own elapsed time (run_results.json: opening
connections, every model's SQL and DDL) and on the wall clock of the ``dbt`` command, which adds
the ~2.5 s Python spends importing dbt before it does anything.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.kit.db import libpq_url  # noqa: E402
from api.kit.settings import CommonSettings  # noqa: E402
from assets.closing import close_through  # noqa: E402
from ingestion.landing_schema import ensure_landing_schema  # noqa: E402
from pipelines.dbt_env import DBT_PROJECT_DIR, dbt_env  # noqa: E402
from tests.support.databases import create_database, drop_database  # noqa: E402

GENERATE = """
with o as (
    select i,
           md5('o' || i)::uuid as order_id,
           md5('c' || (i / 2))::uuid as checkout_id,
           case when i %% 2 = 0 then null else md5('s' || (i %% 500))::uuid end as seller_id,
           timestamptz '2026-09-28 03:00+00' + (i %% %(spread)s) * interval '1 minute' as at,
           10000 + (i %% 97) * 1000 as price
    from generate_series(%(first)s, %(last)s) as i
),
items as (
    select o.*, jsonb_build_array(
        jsonb_build_object('order_item_id', md5('a' || i)::uuid, 'product_id', md5('p' || i %% 900)::uuid,
            'variant_id', md5('v' || i %% 900)::uuid, 'sku', 'SKU', 'brand_id', null,
            'seller_id', seller_id, 'unit_price', price, 'quantity', 1, 'line_total', price),
        jsonb_build_object('order_item_id', md5('b' || i)::uuid, 'product_id', md5('p' || i %% 700)::uuid,
            'variant_id', md5('v' || i %% 700)::uuid, 'sku', 'SKU', 'brand_id', null,
            'seller_id', seller_id, 'unit_price', 5000, 'quantity', 2, 'line_total', 10000)
    ) as lines
    from o
),
events as (
    select 'order.created' as t, at, jsonb_build_object('order_id', order_id, 'order_number', 'ORD',
        'checkout_id', checkout_id, 'user_id', checkout_id, 'seller_id', seller_id,
        'fulfilment', case when seller_id is null then 'house' else 'seller' end,
        'subtotal', price + 10000, 'shipping_cost', 9000, 'total', price + 19000,
        'created_at', at, 'items', lines) as p from items
    union all
    select 'order.completed', at + interval '3 days', jsonb_build_object('order_id', order_id,
        'order_number', 'ORD', 'checkout_id', checkout_id, 'user_id', checkout_id,
        'seller_id', seller_id, 'fulfilment', case when seller_id is null then 'house' else 'seller' end,
        'subtotal', price + 10000, 'shipping_cost', 9000, 'total', price + 19000,
        'completed_at', at + interval '3 days') from o where i %% 5 <> 0
    union all
    select 'payment.paid', min(at), jsonb_build_object('payment_id', checkout_id, 'checkout_id', checkout_id,
        'user_id', checkout_id, 'amount', sum(price + 19000), 'gateway_fee', 4500,
        'net_amount', sum(price + 19000) - 4500, 'method', 'qris', 'paid_at', min(at),
        'orders', jsonb_agg(jsonb_build_object('order_id', order_id, 'seller_id', seller_id,
                                               'total', price + 19000)))
    from o group by checkout_id
    union all
    select 'ad.impression', at + k * interval '1 second', jsonb_build_object(
        'campaign_id', md5('camp' || i %% 50)::uuid, 'seller_id', md5('s' || i %% 50)::uuid,
        'pricing_model', 'cpm', 'bid', 20000, 'occurred_at', at + k * interval '1 second')
    from o cross join generate_series(1, 2) as k
)
insert into raw.events (event_id, event_type, event_version, aggregate_type, aggregate_id,
                        occurred_at, producer, payload, topic, "partition", "offset")
select gen_random_uuid(), t, 1, split_part(t, '.', 1), coalesce(p->>'order_id', p->>'campaign_id',
       p->>'payment_id'), at, 'bench', p, 'bench', 0, 0
from events
"""


def fill(database_url: str, first: int, last: int, spread: int) -> int:
    with psycopg.connect(database_url) as conn:
        cur = conn.execute(GENERATE, {"first": first, "last": last, "spread": spread})
        return cur.rowcount


def settle(database_url: str) -> None:
    """Vacuum, analyze and flush before timing, so the background work a big write leaves
    behind (autovacuum of the tables just built, a pending checkpoint) is not billed to the
    next run — incremental runs in production come hours after the build, not seconds."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("vacuum analyze")
        conn.execute("checkpoint")


TARGET_PATH = "target/bench"
FIRST_WEEK = date(2026, 9, 28)  # the Monday the generated orders start (see GENERATE)


def close_weeks(database_url: str, through: date) -> int:
    """Close every week up to ``through`` as the settlement runs do; the lines recorded."""
    with psycopg.connect(libpq_url(database_url), autocommit=True) as conn:
        closed = close_through(conn, through, today=date.today(), closed_by="bench")
    return closed.lines


def dbt_run(database_url: str, *extra: str) -> tuple[float, float]:
    """(wall-clock seconds of the command, dbt's own elapsed seconds)."""
    dbt = str(Path(sys.executable).with_name("dbt"))
    start = time.perf_counter()
    subprocess.run(
        [
            dbt,
            "run",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            TARGET_PATH,
            "--quiet",
            *extra,
        ],
        env={**os.environ, **dbt_env(database_url)},
        check=True,
    )
    wall = time.perf_counter() - start
    results = json.loads((DBT_PROJECT_DIR / TARGET_PATH / "run_results.json").read_text())
    return wall, float(results["elapsed_time"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=200_000)
    parser.add_argument("--keep", action="store_true", help="keep the database to inspect it")
    args = parser.parse_args()
    server = CommonSettings().postgres_url
    database = create_database(server, prefix="bench_dbt")
    try:
        with psycopg.connect(database) as conn:
            ensure_landing_schema(conn)
        spread = 8 * 7 * 24 * 60  # eight weeks of minutes
        base = fill(database, 1, args.orders, spread)
        settle(database)
        full = dbt_run(database, "--full-refresh")
        closed = close_weeks(database, FIRST_WEEK + timedelta(weeks=5))
        step = args.orders // 100
        runs = []
        for n in range(2):  # the second run shows the steady state (no post-build checkpoint)
            extra = fill(database, args.orders + 1 + n * step, args.orders + (n + 1) * step, spread)
            settle(database)
            runs.append(dbt_run(database))
        print(f"base events {base:,}; +{extra:,} events per run (+{extra / base:.1%})")
        print(f"closed 6 of 8 weeks before the incremental runs ({closed:,} settlement lines)")
        print(f"full build          wall {full[0]:6.2f}s   dbt {full[1]:6.2f}s")
        for n, (wall, own) in enumerate(runs, 1):
            print(
                f"incremental run {n}   wall {wall:6.2f}s   dbt {own:6.2f}s"
                f"   ratio wall {wall / full[0]:.3f}   dbt {own / full[1]:.3f}"
            )
        best = min(runs, key=lambda run: run[1])
        print(
            f"ratio (best incremental / full): dbt {best[1] / full[1]:.3f}"
            f" · wall clock {best[0] / full[0]:.3f}  (target <= 0.1)"
        )
    finally:
        if args.keep:
            print(f"kept {database}")
        else:
            drop_database(server, database)


if __name__ == "__main__":
    main()
