"""The wallet worker as a real process reading a real Kafka topic: killed (SIGKILL) after it read
a ``settlement.completed`` and before its transaction committed, it credits the seller once after
a restart; the same event delivered again credits nothing more."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from uuid import uuid4

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


def _wait(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.1)


def _assigned(admin: AdminClient, group: str) -> bool:
    (future,) = admin.describe_consumer_groups([group], request_timeout=10).values()
    try:
        described = future.result(15)
    except Exception:  # the group is not there yet, or the broker is slow to say
        return False
    return described.state == ConsumerGroupState.STABLE and all(
        member.assignment.topic_partitions for member in described.members
    )


def _produce(bootstrap: str, envelope: Envelope) -> TopicPartition:
    """Produce to payment.events; returns where the message landed."""
    landed: list[TopicPartition] = []
    producer = Producer({"bootstrap.servers": bootstrap})
    producer.produce(
        "payment.events",
        value=envelope.model_dump_json().encode(),
        key=envelope.aggregate_id.encode(),
        headers={"event_type": envelope.event_type, "event_id": str(envelope.event_id)},
        on_delivery=lambda _, m: landed.append(
            TopicPartition(m.topic(), m.partition(), m.offset())
        ),
    )
    assert producer.flush(10) == 0
    return landed[0]


def _committed_past(admin: AdminClient, group: str, message: TopicPartition) -> bool:
    request = ConsumerGroupTopicPartitions(
        group, [TopicPartition(message.topic, message.partition)]
    )
    (future,) = admin.list_consumer_group_offsets([request]).values()
    try:
        (committed,) = future.result(15).topic_partitions
    except Exception:
        return False
    return bool(committed.offset > message.offset)


def _count(dsn: str, query: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(query).fetchone()
        assert row is not None
        return int(row[0])


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


def test_a_worker_killed_before_its_commit_credits_once_after_restart(
    wallet_db: str, kafka_bootstrap: str
) -> None:
    dsn = libpq_url(wallet_db)
    prefix = f"crash-{uuid4().hex[:10]}"
    group = f"{prefix}-wallet"
    seller = uuid4()
    settlement = settlement_completed(seller, 250_000)
    envelope = build_envelope(settlement, aggregate_id=settlement.settlement_id, producer="payment")
    credited = "SELECT count(*) FROM transactions WHERE reason = 'settlement'"

    admin = AdminClient({"bootstrap.servers": kafka_bootstrap})
    worker = _worker(dsn, prefix)
    worker.start()
    try:
        _wait(lambda: _assigned(admin, group), "the worker's group owns its partitions", 90)
        time.sleep(1.0)  # its first fetch resolves "latest" just after the assignment
        # a week with nothing to pay, on the same key (partition): once its offset is committed
        # the group resumes from there after a crash, not from "latest"
        nothing = settlement_completed(seller, 0)
        warm_up = _produce(
            kafka_bootstrap,
            build_envelope(nothing, aggregate_id=settlement.settlement_id, producer="payment"),
        )
        _wait(lambda: _committed_past(admin, group, warm_up), "the warm-up's offset is committed")
        with psycopg.connect(dsn) as blocker:
            # the credit needs this row: the worker's transaction waits here, uncommitted
            blocker.execute("SELECT 1 FROM accounts WHERE code = 'platform:settlements' FOR UPDATE")
            _produce(kafka_bootstrap, envelope)
            _wait(
                lambda: (
                    _count(
                        dsn,
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        " AND wait_event_type = 'Lock'",
                    )
                    == 1
                ),
                "the worker read the event and is inside its transaction",
            )
            assert worker.popen is not None
            os.kill(worker.popen.pid, signal.SIGKILL)
            worker.popen.wait()
            blocker.rollback()
        assert _count(dsn, credited) == 0
        seen = f"SELECT count(*) FROM processed_events WHERE event_id = '{envelope.event_id}'"
        assert _count(dsn, seen) == 0

        worker = _worker(dsn, prefix)
        worker.start()
        _wait(lambda: _count(dsn, credited) == 1, "the restarted worker credits the seller")

        _produce(kafka_bootstrap, envelope)  # delivered again
        follow_up = settlement_completed(seller, 10_000, settlement_id=uuid4())
        _produce(
            kafka_bootstrap,
            build_envelope(follow_up, aggregate_id=settlement.settlement_id, producer="payment"),
        )
        # same key, same partition: the follow-up is handled after the redelivery
        _wait(lambda: _count(dsn, credited) == 2, "the follow-up settlement is credited")
        assert _count(dsn, seen) == 1
    finally:
        worker.stop()
    assert (
        _count(
            dsn,
            "SELECT sum(a.balance) FROM accounts a JOIN wallets w ON w.id = a.wallet_id"
            f" WHERE w.user_id = '{seller}'",
        )
        == 260_000
    )
    assert _count(dsn, "SELECT coalesce(sum(amount), 0) FROM postings") == 0
