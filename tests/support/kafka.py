"""Kafka helpers for tests: unique topics, and reading what lands on a topic after a point."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from uuid import uuid4

from confluent_kafka import Consumer, KafkaError, KafkaException, Message, Producer, TopicPartition

from api.events import Envelope
from api.kit.consumer import ConsumerRuntime, Handler
from api.kit.uow import UnitOfWorkFactory
from lakoo.runtime.kafka import ensure_topics

_NOT_READY = frozenset(
    {KafkaError.NOT_LEADER_FOR_PARTITION, KafkaError.LEADER_NOT_AVAILABLE, KafkaError._TIMED_OUT}
)


def unique_topic(bootstrap: str, prefix: str = "test", partitions: int = 3) -> str:
    """Create a topic (and its ``.dlq`` twin) that no other test uses."""
    name = f"{prefix}.{uuid4().hex[:10]}"
    ensure_topics(bootstrap, [name, name + ".dlq"], partitions=partitions)
    return name


def high_watermark(consumer: Consumer, topic: str, partition: int, timeout: float = 30.0) -> int:
    """The next offset of a partition, waiting out a partition that is not serving yet.

    A partition just created (or a broker just restarted) may refuse offset requests for a moment
    after its leader shows in the metadata.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            _, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
            return int(high)
        except KafkaException as exc:
            if exc.args[0].code() not in _NOT_READY or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


class TopicTail:
    """Reads a topic from the end offsets it had when the tail was made (shared topics too)."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        self.topic = topic
        self._consumer = Consumer(
            {
                "bootstrap.servers": bootstrap,
                "group.id": f"tail-{uuid4().hex}",
                "enable.auto.commit": False,
                "auto.offset.reset": "earliest",
            }
        )
        metadata = self._consumer.list_topics(topic, timeout=10)
        starts = [
            TopicPartition(topic, partition, high_watermark(self._consumer, topic, partition))
            for partition in metadata.topics[topic].partitions
        ]
        self._consumer.assign(starts)

    def collect(
        self, *, at_least: int, timeout: float = 30.0, settle: float = 0.5
    ) -> list[Message]:
        """Messages until at least ``at_least`` arrived (plus any within ``settle`` after)."""
        messages: list[Message] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(messages) < at_least:
            messages.extend(m for m in self._consumer.consume(10000, 0.2) if m.error() is None)
        settle_until = time.monotonic() + settle
        while time.monotonic() < settle_until:
            messages.extend(m for m in self._consumer.consume(10000, 0.1) if m.error() is None)
        return messages

    def close(self) -> None:
        self._consumer.close()

    def __enter__(self) -> TopicTail:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


async def deliver_through_runtime(
    envelopes: list[Envelope],
    *,
    bootstrap: str,
    topic: str,
    consumer_name: str,
    handlers: Mapping[str, Handler],
    uow_factory: UnitOfWorkFactory,
    timeout: float = 45.0,
) -> ConsumerRuntime:
    """Produce ``envelopes`` to ``topic`` (keyed by aggregate) and run the real consumer runtime
    of ``consumer_name`` until each is processed (applied, a duplicate, skipped or parked)."""
    producer = Producer({"bootstrap.servers": bootstrap})
    for envelope in envelopes:
        producer.produce(
            topic, value=envelope.model_dump_json().encode(), key=envelope.aggregate_id.encode()
        )
    assert producer.flush(10) == 0
    runtime = ConsumerRuntime(
        consumer_name=consumer_name,
        handlers=handlers,
        uow_factory=uow_factory,
        bootstrap=bootstrap,
        group_id=f"{consumer_name}-{uuid4().hex}",
        topics=[topic],
    )
    stop = asyncio.Event()
    task = asyncio.create_task(runtime.run(stop))
    try:
        async with asyncio.timeout(timeout):
            while True:
                s = runtime.stats
                if s.handled + s.duplicates + s.skipped_unknown + s.dead_lettered >= len(envelopes):
                    break
                await asyncio.sleep(0.1)
    finally:
        stop.set()
        await task
    return runtime
