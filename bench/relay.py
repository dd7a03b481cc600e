"""Relay benchmark (DESIGN §9).

1. Throughput: 200,000 outbox rows → Kafka through the relay, against a raw confluent-kafka
   producer sending the same messages (same broker, same producer settings) in the same run.
   Target: relay ≥ 0.5 × baseline.
2. Latency: commit → on Kafka at a steady 500 events/s. Target: p99 < 100 ms.

Run: ``.venv/bin/python -m bench.relay [--rows 200000] [--seconds 20]``
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from uuid import uuid4

import orjson
import psycopg
from confluent_kafka import Consumer, Producer, TopicPartition

from api.kit.db import libpq_url
from api.kit.kafka import producer_config
from bench.common import (
    create_database,
    drop_database,
    install_kit,
    stack_info,
    summary_ms,
    unique_topic,
)
from ingestion.relay import _SELECT_BATCH, OutboxRelay, RelayConfig, envelope_json

_FILL = """
INSERT INTO outbox (event_id, aggregate_type, aggregate_id, event_type, topic, payload, headers)
SELECT gen_random_uuid(), 'order', (g %% 5000)::text, 'order.created', %s,
       jsonb_build_object('order_id', gen_random_uuid(), 'seq', g, 'total', 125000,
                          'items', jsonb_build_array(jsonb_build_object('sku', 'KMJ-' || g,
                                                                        'quantity', 1))),
       '{"event_version": 1, "producer": "order", "correlation_id": null}'
FROM generate_series(1, %s) AS g
"""


def throughput(database_url: str, bootstrap: str, rows: int) -> tuple[float, float]:
    """(relay rows/s, raw producer rows/s) for the same messages."""
    relay_topic = unique_topic(bootstrap, "bench.relay")
    raw_topic = unique_topic(bootstrap, "bench.raw")
    with psycopg.connect(libpq_url(database_url), autocommit=True) as conn:
        conn.execute("TRUNCATE outbox")
        conn.execute(_FILL, (relay_topic, rows))
        conn.execute("VACUUM ANALYZE outbox")

    relay = OutboxRelay(
        name="bench",
        dsn=libpq_url(database_url),
        bootstrap=bootstrap,
        config=RelayConfig(batch_size=10000),
    )
    with (
        psycopg.connect(libpq_url(database_url), autocommit=True) as conn,
        psycopg.connect(libpq_url(database_url), autocommit=True) as mark_a,
        psycopg.connect(libpq_url(database_url), autocommit=True) as mark_b,
    ):
        started = time.perf_counter()
        relay.drain(conn, (mark_a, mark_b))
        relay_seconds = time.perf_counter() - started
        # the baseline sends exactly what the relay sent, already serialized
        sent = conn.execute(
            _SELECT_BATCH.replace("published_at IS NULL AND ", ""), (0, rows)
        ).fetchall()
        messages = [(row[6], row[3], row[2], envelope_json(row)) for row in sent]
    assert relay.published == len(messages)

    producer = Producer(producer_config(bootstrap))
    started = time.perf_counter()
    for key, event_type, event_id, value in messages:
        while True:
            try:
                producer.produce(
                    raw_topic,
                    value=value,
                    key=key,
                    headers=[("event_type", event_type), ("event_id", event_id)],
                )
                break
            except BufferError:
                producer.poll(0.05)
    assert producer.flush(60) == 0
    raw_seconds = time.perf_counter() - started
    return rows / relay_seconds, rows / raw_seconds


def latency(database_url: str, bootstrap: str, seconds: float, rate: int = 500) -> list[float]:
    """Commit → consumed latencies (s) of events written one per transaction at ``rate``/s."""
    topic = unique_topic(bootstrap, "bench.latency")
    committed: dict[str, float] = {}
    received: dict[str, float] = {}
    stop = threading.Event()
    relay = OutboxRelay(
        name="bench",
        dsn=libpq_url(database_url),
        bootstrap=bootstrap,
        config=RelayConfig(poll_interval=1.0),
        producer_overrides={"linger.ms": 1},
    )
    relay_thread = threading.Thread(target=relay.run, args=(stop,))

    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"bench-{uuid4().hex}",
            "enable.auto.commit": False,
            "fetch.wait.max.ms": 5,
        }
    )
    consumer.assign([TopicPartition(topic, p, 0) for p in range(3)])

    writing = threading.Event()
    writing.set()

    def consume() -> None:
        give_up = float("inf")
        while writing.is_set() or (
            len(received) < len(committed) and time.perf_counter() < give_up
        ):
            for message in consumer.consume(1000, 0.05):
                if message.error() is None:
                    now = time.perf_counter()
                    event_id = dict(message.headers() or [])["event_id"].decode()
                    received.setdefault(event_id, now)
            if not writing.is_set() and give_up == float("inf"):
                give_up = time.perf_counter() + 30

    consumer_thread = threading.Thread(target=consume)
    relay_thread.start()
    consumer_thread.start()
    time.sleep(2)  # relay leads and listens; consumer assigned
    insert = (
        "INSERT INTO outbox (event_id, aggregate_type, aggregate_id, event_type, topic,"
        " payload, headers) VALUES (%s, 'order', %s, 'order.paid', %s, %s,"
        ' \'{"event_version": 1, "producer": "order"}\')'
    )
    deadline = time.perf_counter() + seconds
    with psycopg.connect(libpq_url(database_url), autocommit=True) as conn:
        next_at = time.perf_counter()
        while time.perf_counter() < deadline:
            event_id = str(uuid4())
            payload = orjson.dumps({"order_id": event_id, "total": 99000}).decode()
            conn.execute(insert, (event_id, str(uuid4()), topic, payload))
            committed[event_id] = time.perf_counter()
            next_at += 1 / rate
            time.sleep(max(0.0, next_at - time.perf_counter()))
    writing.clear()
    consumer_thread.join()  # every event consumed (or 30 s passed), then stop the relay
    stop.set()
    relay_thread.join()
    consumer.close()
    missing = set(committed) - set(received)
    assert not missing, f"{len(missing)} events never arrived"
    return [received[e] - committed[e] for e in committed]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    info = stack_info()
    database_url = create_database(info.postgres_url, "bench")
    try:
        install_kit(database_url)
        ratios = []
        for round_ in range(1, args.rounds + 1):
            relay_rate, raw_rate = throughput(database_url, info.kafka_bootstrap, args.rows)
            ratios.append(relay_rate / raw_rate)
            print(
                f"round {round_}: relay {relay_rate:,.0f}/s · raw producer {raw_rate:,.0f}/s"
                f" · ratio {ratios[-1]:.2f}"
            )
        print(
            f"throughput ({args.rows:,} rows, median of {args.rounds} rounds): ratio"
            f" {statistics.median(ratios):.2f} (target ≥ 0.5)"
        )
        latencies = latency(database_url, info.kafka_bootstrap, args.seconds)
        print(
            f"latency at 500 ev/s over {args.seconds:.0f} s ({len(latencies):,} events): "
            f"{summary_ms(latencies)} (target p99 < 100 ms)"
        )
    finally:
        drop_database(info.postgres_url, database_url)


if __name__ == "__main__":
    main()
