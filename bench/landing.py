"""Benchmark: Kafka → raw.events landing against ``psql \\copy`` of the same rows from a file.

    .venv/bin/python bench/landing.py [--events 1000000]

Produces N catalog-shaped envelopes (~450 bytes) to a fresh topic, lands them with
``ingestion.landing.drain`` into a fresh database, exports exactly those rows to a file, then
times ``psql \\copy`` of the file into another fresh raw.events (same table, same indexes).
Ratio = psql time ÷ landing time (1.0 = as fast as a bare file load; target ≥ 0.5).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from uuid import uuid4

import psycopg
from confluent_kafka import Producer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.kit.settings import CommonSettings  # noqa: E402
from ingestion.landing import drain  # noqa: E402
from ingestion.landing_rows import EVENT_COLUMNS  # noqa: E402
from ingestion.landing_schema import ensure_landing_schema  # noqa: E402
from lakoo.runtime.kafka import ensure_topics  # noqa: E402
from tests.support.databases import create_database, drop_database  # noqa: E402

TEMPLATE = (
    '{{"event_id":"{id}","event_type":"order.paid","event_version":1,"aggregate_type":"order",'
    '"aggregate_id":"{agg}","occurred_at":"2026-11-10T03:00:00.123456+00:00","producer":"order",'
    '"correlation_id":null,"payload":{{"order_id":"{agg}","order_number":"ORD-20261110-7K2QX",'
    '"checkout_id":"{id}","user_id":"{id}","seller_id":null,"fulfilment":"house",'
    '"payment_id":"{id}","total":{n},"paid_at":"2026-11-10T03:00:00.123456+00:00"}}}}'
)


def produce(bootstrap: str, topic: str, count: int) -> float:
    producer = Producer(
        {
            "bootstrap.servers": bootstrap,
            "linger.ms": 50,
            "batch.size": 1_000_000,
            "compression.type": "lz4",
            "queue.buffering.max.messages": 2_000_000,
        }
    )
    start = time.perf_counter()
    for n in range(count):
        agg = uuid4()
        producer.produce(topic, TEMPLATE.format(id=uuid4(), agg=agg, n=n).encode(), key=agg.bytes)
        if n % 10_000 == 0:
            producer.poll(0)
    producer.flush(120)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    settings = CommonSettings()
    server, bootstrap = settings.postgres_url, settings.kafka_bootstrap_servers
    topic = f"bench.landing.{uuid4().hex[:8]}"
    ensure_topics(bootstrap, [topic], partitions=3)
    landed_db = create_database(server, prefix="bench_land")
    copied_db = create_database(server, prefix="bench_copy")
    try:
        print(f"producing {args.events:,} events: {produce(bootstrap, topic, args.events):.1f}s")
        start = time.perf_counter()
        result = drain(
            database_url=landed_db, bootstrap=bootstrap, topics=[topic], batch_size=20_000
        )
        landing = time.perf_counter() - start
        assert result.landed == args.events, result
        columns = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
        with tempfile.TemporaryDirectory() as tmp:
            dump = Path(tmp) / "events.tsv"
            with (
                psycopg.connect(landed_db) as conn,
                conn.cursor() as cur,
                dump.open("wb") as f,
                cur.copy(f"COPY raw.events ({columns}) TO STDOUT") as copy,
            ):
                for block in copy:
                    f.write(block)
            with psycopg.connect(copied_db) as conn:
                ensure_landing_schema(conn)
            start = time.perf_counter()
            subprocess.run(
                [
                    "/usr/bin/psql",
                    copied_db,
                    "-q",
                    "-c",
                    f"\\copy raw.events ({columns}) from '{dump}'",
                ],
                check=True,
            )
            psql = time.perf_counter() - start
        print(f"landing  {landing:6.2f}s  {args.events / landing:>10,.0f} events/s")
        print(f"psql     {psql:6.2f}s  {args.events / psql:>10,.0f} rows/s")
        print(f"ratio (psql time / landing time) = {psql / landing:.2f}  (target >= 0.5)")
    finally:
        drop_database(server, landed_db)
        drop_database(server, copied_db)


if __name__ == "__main__":
    main()
