"""The local stack against the real servers: embedded ones from `.lakoo/`, or external ones."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient
from psycopg import sql

from api.events.topics import all_topics_with_dlq
from api.kit.topology import ALL_DATABASES
from lakoo.runtime import kafka, postgres, stack
from tests.support.kafka import high_watermark


@pytest.fixture(scope="module")
def info() -> stack.StackInfo:
    return stack.up()


def _databases() -> set[str]:
    with psycopg.connect(postgres.database_url("postgres"), connect_timeout=10) as conn:
        return {row[0] for row in conn.execute("SELECT datname FROM pg_database")}


def _topics(bootstrap: str) -> set[str]:
    return set(AdminClient({"bootstrap.servers": bootstrap}).list_topics(timeout=15).topics)


def _drop_topic(bootstrap: str, name: str) -> None:
    # the broker is shared with other tests: leave only the catalog's topics behind
    admin = AdminClient({"bootstrap.servers": bootstrap})  # must outlive its futures
    for future in admin.delete_topics([name]).values():
        future.result(timeout=15)


def _high_watermark(bootstrap: str, topic: str) -> int:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"test-{uuid.uuid4().hex}"})
    try:
        return high_watermark(consumer, topic, 0)
    finally:
        consumer.close()


def test_up_twice_is_idempotent_and_returns_the_same_addresses(info: stack.StackInfo) -> None:
    again = stack.up()

    assert again == info
    assert stack.status().running


def test_up_creates_every_database_of_the_topology(info: stack.StackInfo) -> None:
    assert set(ALL_DATABASES) <= _databases()


def test_up_creates_every_topic_and_its_dead_letter_twin(info: stack.StackInfo) -> None:
    assert set(all_topics_with_dlq()) <= _topics(info.kafka_bootstrap)


def test_ensure_topics_creates_only_what_is_missing(info: stack.StackInfo) -> None:
    name = f"test.stack.{uuid.uuid4().hex}"

    first = kafka.ensure_topics(info.kafka_bootstrap, [name, all_topics_with_dlq()[0]])
    second = kafka.ensure_topics(info.kafka_bootstrap, [name])

    assert (first, second) == ([name], [])
    _drop_topic(info.kafka_bootstrap, name)


@pytest.mark.slow
def test_data_survives_down_and_up(info: stack.StackInfo) -> None:
    if postgres.is_external() or kafka.is_external():
        pytest.skip("external PostgreSQL/Kafka: the stack neither stops nor starts them")
    database, topic = f"test_stack_{uuid.uuid4().hex}", f"test.stack.{uuid.uuid4().hex}"
    with psycopg.connect(postgres.database_url("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    kafka.ensure_topics(info.kafka_bootstrap, [topic], partitions=1)
    producer = Producer({"bootstrap.servers": info.kafka_bootstrap, "acks": "all"})
    producer.produce(topic, b"kept")
    assert producer.flush(15) == 0
    del producer  # otherwise it keeps reconnecting (and logging) while the broker is down

    stack.down()
    assert not stack.status().running
    assert stack.up() == info

    assert database in _databases()
    assert _high_watermark(info.kafka_bootstrap, topic) == 1
    _drop_topic(info.kafka_bootstrap, topic)
    with psycopg.connect(postgres.database_url("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(database)))
