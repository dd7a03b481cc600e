"""Kafka client configurations, written once: the producer guarantees and consumer defaults."""

from __future__ import annotations

from typing import Any


def producer_config(bootstrap: str, **overrides: Any) -> dict[str, Any]:
    """An idempotent, fully acknowledged producer: no duplicates from retries, order per key."""
    config: dict[str, Any] = {
        "bootstrap.servers": bootstrap,
        "enable.idempotence": True,
        "acks": "all",
        # Idempotence keeps order with up to 5 requests in flight per partition.
        "max.in.flight.requests.per.connection": 5,
        "linger.ms": 5,
        "batch.num.messages": 10000,
        "compression.type": "lz4",
        "queue.buffering.max.messages": 500000,
    }
    config.update(overrides)
    return config


def consumer_config(bootstrap: str, group_id: str, **overrides: Any) -> dict[str, Any]:
    """A consumer that commits only offsets its handler has finished with.

    ``enable.auto.offset.store`` is off: the runtime stores an offset after the database commit,
    and the background auto-commit publishes only stored offsets. A crash can therefore
    redeliver (the inbox absorbs that) but never skip a message.
    """
    config: dict[str, Any] = {
        "bootstrap.servers": bootstrap,
        "group.id": group_id,
        "enable.auto.commit": True,
        "auto.commit.interval.ms": 1000,
        "enable.auto.offset.store": False,
        "auto.offset.reset": "earliest",
        "session.timeout.ms": 10000,
        "heartbeat.interval.ms": 2000,
    }
    config.update(overrides)
    return config
