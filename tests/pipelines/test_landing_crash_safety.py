"""Landing killed with SIGKILL mid-batch and restarted: every distinct event exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from uuid import uuid4

import orjson
import psycopg
import pytest
from confluent_kafka import Producer

from ingestion.landing_schema import ensure_landing_schema
from tests.support.databases import create_database, drop_database
from tests.support.kafka import unique_topic

pytestmark = pytest.mark.slow

EVENTS = 30_000


@pytest.fixture
def landing_database(postgres_url: str) -> Iterator[str]:
    url = create_database(postgres_url, prefix="landing")
    with psycopg.connect(url) as conn:
        ensure_landing_schema(conn)
    yield url
    drop_database(postgres_url, url)


def _produce(bootstrap: str, topic: str, count: int) -> set[str]:
    """``count`` distinct events, every 100th sent twice (an at-least-once producer retry)."""
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 20})
    ids = set()
    for i in range(count):
        event_id = str(uuid4())
        ids.add(event_id)
        doc = orjson.dumps(
            {
                "event_id": event_id,
                "event_type": "order.created",
                "event_version": 1,
                "aggregate_type": "order",
                "aggregate_id": str(i % 97),
                "producer": "order",
                "occurred_at": "2026-11-10T03:00:00+00:00",
                "correlation_id": None,
                "payload": {"n": i, "note": "tab\there \\ back"},
            }
        )
        producer.produce(topic, doc, key=str(i % 97))
        if i % 100 == 0:
            producer.produce(topic, doc, key=str(i % 97))
        if i % 1000 == 0:
            producer.poll(0)
    producer.produce(topic, b"{not json", key=b"bad")
    assert producer.flush(30) == 0
    return ids


def _lander(database_url: str, bootstrap: str, topic: str, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ingestion.landing",
            "--topics",
            topic,
            "--database-url",
            database_url,
            "--bootstrap",
            bootstrap,
            "--batch-size",
            "500",
            *extra,
        ],
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _count(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        return conn.execute("select count(*) from raw.events").fetchone()[0]  # type: ignore[index]


def test_landing_killed_mid_batch_and_restarted_lands_each_event_exactly_once(
    landing_database: str, kafka_bootstrap: str
) -> None:
    topic = unique_topic(kafka_bootstrap, prefix="landing")
    produced = _produce(kafka_bootstrap, topic, EVENTS)
    first = _lander(landing_database, kafka_bootstrap, topic)
    deadline = time.monotonic() + 60
    while _count(landing_database) < EVENTS // 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)  # no chance to finish the batch in flight
    first.wait()
    killed_at = _count(landing_database)
    assert 0 < killed_at < EVENTS

    more = _produce(kafka_bootstrap, topic, 1_000)  # events keep arriving while it is down
    second = _lander(landing_database, kafka_bootstrap, topic, "--until-caught-up")
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err.decode()[-2000:]

    with psycopg.connect(landing_database) as conn:
        landed = {str(r[0]) for r in conn.execute("select event_id from raw.events")}
        total = conn.execute("select count(*) from raw.events").fetchone()[0]  # type: ignore[index]
        rejected = conn.execute("select count(*) from raw.rejected_events").fetchone()[0]  # type: ignore[index]
        offsets = dict(conn.execute('select "partition", next_offset from raw.kafka_offsets'))
    assert total == len(landed) == len(produced | more)  # no duplicate
    assert landed == produced | more  # no gap
    assert rejected == 2  # the malformed message of each burst, kept, not lost
    assert sum(offsets.values()) == EVENTS + EVENTS // 100 + 1 + 1_000 + 10 + 1
