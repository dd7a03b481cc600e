"""A three-node cluster (replication 3, min.insync.replicas 2): one broker SIGKILLed while the
relay publishes and a consumer applies, and nothing is lost, nothing applied twice, and both
keep going on the two brokers left."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import orjson
import psycopg
import pytest
from confluent_kafka.admin import AdminClient, ConfigResource
from sqlalchemy import Column, MetaData, Table, Text, insert

from api.events import Event
from api.kit.consumer import ConsumerRuntime
from api.kit.db import libpq_url, make_async_engine, make_session_factory
from api.kit.uow import UnitOfWork, UnitOfWorkFactory
from lakoo.runtime import kafka
from tests.support.cluster import kafka_cluster
from tests.support.relay import kill, start_relay

pytestmark = pytest.mark.slow

EVENTS = 3_000
PER_TRANSACTION = 20

_INSERT = """
INSERT INTO outbox (event_id, aggregate_type, aggregate_id, event_type, topic, payload, headers)
VALUES (%s, 'user', %s, 'user.verified', %s, %s, '{"event_version": 1, "producer": "auth"}')
"""
effects = Table("effects", MetaData(), Column("event_id", Text))


@pytest.fixture
def cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with kafka_cluster(tmp_path / "lakoo", monkeypatch) as bootstrap:
        yield bootstrap


def _write_stream(dsn: str, topic: str, written: list[int], flowing: threading.Event) -> None:
    """Commit EVENTS outbox rows in small transactions: a third, then (once the test has seen
    them flow) the rest over several seconds."""
    with psycopg.connect(dsn) as conn:
        for batch in range(EVENTS // PER_TRANSACTION):
            if batch == EVENTS // PER_TRANSACTION // 3:
                flowing.wait(180)
            with conn.transaction():
                for _event in range(PER_TRANSACTION):
                    user = str(uuid4())
                    payload = {
                        "user_id": user,
                        "email": f"{user[:8]}@example.id",
                        "channel": "email",
                        "verified_at": datetime.now(UTC).isoformat(),
                    }
                    conn.execute(_INSERT, (uuid4(), user, topic, orjson.dumps(payload).decode()))
            written[0] += PER_TRANSACTION
            time.sleep(0.03)


def _scalar(dsn: str, query: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(query).fetchone()
        assert row is not None
        return int(row[0])


def _busiest_leader(admin: AdminClient, topic: str) -> int:
    leaders = Counter(
        p.leader for p in admin.list_topics(topic, timeout=10).topics[topic].partitions.values()
    )
    return leaders.most_common(1)[0][0]


async def _until(condition: Any, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not await asyncio.to_thread(condition):
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.2)


async def test_a_broker_killed_under_relay_and_consumer_traffic_loses_and_repeats_nothing(
    kit_database: str, cluster: str
) -> None:
    dsn = libpq_url(kit_database)
    with psycopg.connect(dsn) as conn:
        conn.execute("CREATE TABLE effects (event_id text NOT NULL)")  # no key: repeats would show
    topic = f"test.{uuid4().hex[:10]}"
    kafka.ensure_topics(cluster, [topic, topic + ".dlq"], 6)
    admin = AdminClient({"bootstrap.servers": cluster})
    partitions = admin.list_topics(topic, timeout=10).topics[topic].partitions.values()
    assert all(len(p.replicas) == 3 for p in partitions)
    (config,) = admin.describe_configs([ConfigResource("topic", topic)]).values()
    assert config.result(10)["min.insync.replicas"].value == "2"

    async def record(event: Event[Any], uow: UnitOfWork) -> None:
        await uow.session.execute(insert(effects).values(event_id=str(event.event_id)))

    engine = make_async_engine(kit_database, pool_size=5)
    runtime = ConsumerRuntime(
        consumer_name="cluster-test",
        handlers={"user.verified": record},
        uow_factory=UnitOfWorkFactory(make_session_factory(engine), producer="test"),
        bootstrap=cluster,
        group_id=f"cluster-{uuid4().hex[:10]}",
        topics=[topic],
    )
    stop = asyncio.Event()
    consuming = asyncio.create_task(runtime.run(stop))
    relay = start_relay("test", kit_database, env={"KAFKA_BOOTSTRAP_SERVERS": cluster})
    written = [0]
    flowing = threading.Event()
    writer = threading.Thread(target=_write_stream, args=(dsn, topic, written, flowing))
    applied = "SELECT count(*) FROM effects"
    try:
        writer.start()
        await _until(lambda: _scalar(dsn, applied) >= EVENTS // 10, "traffic flows", 120)
        flowing.set()
        await asyncio.sleep(1.0)  # the writer, the relay and the consumer all busy
        victim = _busiest_leader(admin, topic)
        os.kill(kafka.pids()[victim], signal.SIGKILL)
        written_at_kill, applied_at_kill = written[0], _scalar(dsn, applied)
        assert written_at_kill < EVENTS, "the kill landed while events were still being written"

        await asyncio.to_thread(writer.join)
        unpublished = "SELECT count(*) FROM outbox WHERE published_at IS NULL"
        await _until(lambda: _scalar(dsn, unpublished) == 0, "the relay published everything", 120)
        await _until(
            lambda: _scalar(dsn, applied) >= EVENTS, "the consumer applied everything", 120
        )
        await asyncio.sleep(2.0)  # a repeat would land here
        assert relay.poll() is None, "the relay kept running through the broker's death"
        assert victim not in kafka.pids()
    finally:
        flowing.set()
        stop.set()
        await consuming
        kill(relay)
        writer.join()
        await engine.dispose()

    assert _scalar(dsn, applied) == EVENTS, "every committed event applied, none twice"
    assert _scalar(dsn, "SELECT count(DISTINCT event_id) FROM effects") == EVENTS
    assert _scalar(dsn, "SELECT count(*) FROM processed_events") == EVENTS
    assert EVENTS - written_at_kill > 0 and EVENTS - applied_at_kill > 0, "traffic after the kill"
    assert runtime.stats.dead_lettered == 0
