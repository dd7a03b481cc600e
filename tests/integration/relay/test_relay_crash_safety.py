"""The relay killed with SIGKILL at random moments loses nothing and keeps per-aggregate order."""

from __future__ import annotations

import random
import threading
import time
from collections import defaultdict
from uuid import uuid4

import orjson
import psycopg
import pytest

from api.kit.db import libpq_url
from tests.support.kafka import TopicTail, unique_topic
from tests.support.relay import kill, start_relay

EVENTS = 10_000
AGGREGATES = 50
PER_TRANSACTION = 40

_INSERT = """
INSERT INTO outbox (event_id, aggregate_type, aggregate_id, event_type, topic, payload, headers)
VALUES (%s, 'order', %s, 'order.created', %s, %s, '{"event_version": 1, "producer": "test"}')
"""


def _write_stream(database_url: str, topic: str, done: threading.Event) -> None:
    """Commit EVENTS events in small transactions; payloads number each aggregate's events."""
    aggregates = [str(uuid4()) for _ in range(AGGREGATES)]
    sequence = defaultdict(int)
    rng = random.Random(7)
    with psycopg.connect(libpq_url(database_url)) as conn:
        for _ in range(EVENTS // PER_TRANSACTION):
            with conn.transaction():
                for _event in range(PER_TRANSACTION):
                    aggregate = rng.choice(aggregates)
                    sequence[aggregate] += 1
                    payload = orjson.dumps({"seq": sequence[aggregate]}).decode()
                    conn.execute(_INSERT, (uuid4(), aggregate, topic, payload))
            time.sleep(0.02)  # a stream of ~6 s, so the kills land while it flows
    done.set()


def _unpublished(database_url: str) -> int:
    with psycopg.connect(libpq_url(database_url)) as conn:
        row = conn.execute("SELECT count(*) FROM outbox WHERE published_at IS NULL").fetchone()
        assert row is not None
        return int(row[0])


@pytest.mark.slow
def test_relay_killed_at_random_moments_loses_nothing_and_keeps_order(
    kit_database: str, kafka_bootstrap: str
) -> None:
    topic = unique_topic(kafka_bootstrap)
    rng = random.Random(42)
    with TopicTail(kafka_bootstrap, topic) as tail:
        writing_done = threading.Event()
        writer = threading.Thread(target=_write_stream, args=(kit_database, topic, writing_done))
        writer.start()
        kills = 0
        relay = start_relay("test", kit_database)
        while not writing_done.is_set() or kills < 5:
            time.sleep(rng.uniform(0.3, 1.2))
            kill(relay)
            kills += 1
            relay = start_relay("test", kit_database)
        writer.join()
        deadline = time.monotonic() + 90
        while _unpublished(kit_database) and time.monotonic() < deadline:
            time.sleep(0.2)
        kill(relay)
        assert _unpublished(kit_database) == 0
        messages = tail.collect(at_least=EVENTS, timeout=60)

    envelopes = [orjson.loads(m.value()) for m in messages]
    distinct = {e["event_id"] for e in envelopes}
    assert len(distinct) == EVENTS, "every committed event reached Kafka"

    # At-least-once: a batch resent after a kill repeats events. The order that counts is what a
    # consumer applies: each event's first delivery, read partition by partition.
    first_seen: dict[str, list[int]] = defaultdict(list)
    seen: set[str] = set()
    for envelope in envelopes:
        if envelope["event_id"] in seen:
            continue
        seen.add(envelope["event_id"])
        first_seen[envelope["aggregate_id"]].append(envelope["payload"]["seq"])
    for aggregate, sequence in first_seen.items():
        assert sequence == list(range(1, len(sequence) + 1)), f"order broken for {aggregate}"
    assert kills >= 5
