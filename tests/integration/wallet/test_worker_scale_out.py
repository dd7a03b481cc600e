"""Two wallet workers in one consumer group share payment.events' partitions; one SIGKILLed
mid-stream, the other takes its partitions over and every settlement is credited exactly once."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from uuid import UUID, uuid4

import psycopg
import pytest
from confluent_kafka import (
    ConsumerGroupState,
    ConsumerGroupTopicPartitions,
    Producer,
    TopicPartition,
)
from confluent_kafka.admin import AdminClient

from api.events import Envelope, build_envelope
from api.kit.db import libpq_url
from tests.integration.wallet.events import settlement_completed
from tests.support.processes import Process, lakoo

pytestmark = pytest.mark.slow

SETTLEMENTS = 400
PAYOUT = 1_000


def _wait(condition: Callable[[], bool], what: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.2)


def _assignments(admin: AdminClient, group: str) -> list[set[int]] | None:
    """Each member's partitions of payment.events, once the group is stable."""
    (future,) = admin.describe_consumer_groups([group], request_timeout=10).values()
    try:
        described = future.result(15)
    except Exception:  # the group is not there yet
        return None
    if described.state != ConsumerGroupState.STABLE:
        return None
    return [
        {tp.partition for tp in m.assignment.topic_partitions if tp.topic == "payment.events"}
        for m in described.members
    ]


def _envelopes(seller: UUID) -> list[Envelope]:
    envelopes = []
    for n in range(SETTLEMENTS):
        settlement = settlement_completed(seller, PAYOUT, settlement_number=f"STL-20261124-{n:05d}")
        envelopes.append(
            build_envelope(settlement, aggregate_id=settlement.settlement_id, producer="payment")
        )
    return envelopes


def _produce(bootstrap: str, envelopes: list[Envelope]) -> None:
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5})
    for envelope in envelopes:  # keyed by settlement: spread over every partition
        producer.produce(
            "payment.events",
            value=envelope.model_dump_json().encode(),
            key=envelope.aggregate_id.encode(),
        )
    assert producer.flush(30) == 0


def _warm_up(bootstrap: str, partitions: int) -> list[TopicPartition]:
    """A settlement paying nothing into every partition; returns where each landed.

    The group starts at "latest"; once it has committed an offset on every partition, a worker
    that dies leaves its partitions to resume from there rather than from "latest".
    """
    landed: list[TopicPartition] = []
    producer = Producer({"bootstrap.servers": bootstrap})
    for partition in range(partitions):
        nothing = settlement_completed(uuid4(), 0)
        envelope = build_envelope(nothing, aggregate_id=nothing.settlement_id, producer="payment")
        producer.produce(
            "payment.events",
            value=envelope.model_dump_json().encode(),
            partition=partition,
            on_delivery=lambda _, m: landed.append(
                TopicPartition(m.topic(), m.partition(), m.offset())
            ),
        )
    assert producer.flush(30) == 0
    return landed


def _committed_past(admin: AdminClient, group: str, marks: list[TopicPartition]) -> bool:
    request = ConsumerGroupTopicPartitions(
        group, [TopicPartition(m.topic, m.partition) for m in marks]
    )
    (future,) = admin.list_consumer_group_offsets([request]).values()
    try:
        committed = {tp.partition: tp.offset for tp in future.result(15).topic_partitions}
    except Exception:
        return False
    return all(committed.get(m.partition, -1) > m.offset for m in marks)


def _count(dsn: str, query: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(query).fetchone()
        assert row is not None
        return int(row[0] or 0)


def _worker(dsn: str, prefix: str) -> Process:
    return lakoo(
        "worker",
        "wallet",
        env={
            "WALLET_DATABASE_URL": dsn,
            "LAKOO_CONSUMER_GROUP_PREFIX": prefix,
            "LAKOO_CONSUMER_START": "latest",
            "XENDIT_BASE_URL": "http://127.0.0.1:9",  # no provider: nothing here calls it
        },
    )


def test_two_workers_share_the_partitions_and_a_killed_one_loses_nothing(
    wallet_db: str, kafka_bootstrap: str
) -> None:
    dsn = libpq_url(wallet_db)
    prefix = f"scale-{uuid4().hex[:10]}"
    group = f"{prefix}-wallet"
    seller = uuid4()
    envelopes = _envelopes(seller)
    ids = ",".join(f"'{e.event_id}'" for e in envelopes)
    handled = f"SELECT count(*) FROM processed_events WHERE event_id IN ({ids})"
    balance = (
        "SELECT sum(a.balance) FROM accounts a JOIN wallets w ON w.id = a.wallet_id"
        f" WHERE w.user_id = '{seller}'"
    )
    admin = AdminClient({"bootstrap.servers": kafka_bootstrap})
    partitions = len(
        admin.list_topics("payment.events", timeout=10).topics["payment.events"].partitions
    )
    workers = [_worker(dsn, prefix), _worker(dsn, prefix)]
    try:
        for worker in workers:
            worker.start()

        def shared() -> bool:
            members = _assignments(admin, group)
            return members is not None and len(members) == 2 and all(members)

        _wait(shared, "both workers own partitions of the group", 240)
        members = _assignments(admin, group)
        assert members is not None
        first, second = members
        assert not first & second, "a partition has one reader in a group"
        assert first | second == set(range(partitions))
        time.sleep(1.0)  # each member's first fetch resolves "latest" just after assignment
        marks = _warm_up(kafka_bootstrap, partitions)
        _wait(lambda: _committed_past(admin, group, marks), "offsets committed on every partition")

        half = SETTLEMENTS // 2
        _produce(kafka_bootstrap, envelopes[:half])
        _wait(lambda: _count(dsn, handled) >= half // 4, "the workers are applying")
        victim = workers[0].popen
        assert victim is not None
        os.kill(victim.pid, signal.SIGKILL)  # mid-stream: some of its events are in flight
        victim.wait()
        _produce(kafka_bootstrap, envelopes[half:])
        _wait(
            lambda: _count(dsn, handled) == SETTLEMENTS,
            "the survivor applies everything",
            180,
        )
        time.sleep(2.0)  # a repeat would land here
    finally:
        for worker in workers:
            worker.stop()
    assert _count(dsn, handled) == SETTLEMENTS, "every settlement handled once"
    assert _count(dsn, balance) == SETTLEMENTS * PAYOUT, "credited once each"
    assert _count(dsn, "SELECT coalesce(sum(amount), 0) FROM postings") == 0
