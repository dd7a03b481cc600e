"""Consumer lag of the landing: high watermarks minus the offsets stored with the data."""

from __future__ import annotations

from collections.abc import Sequence

import psycopg
from confluent_kafka import Consumer, TopicPartition

from api.kit.db import libpq_url


def landing_lag(
    *, database_url: str, bootstrap: str, topics: Sequence[str], group: str, timeout: float = 5.0
) -> dict[str, int]:
    """Messages not yet landed per ``topic:partition`` (read-only; never moves any offset)."""
    with psycopg.connect(libpq_url(database_url)) as conn:
        exists = conn.execute("select to_regclass('raw.kafka_offsets')").fetchone()
        stored: dict[tuple[str, int], int] = {}
        if exists and exists[0]:
            rows = conn.execute(
                'select topic, "partition", next_offset from raw.kafka_offsets '
                "where consumer_group = %s and topic = any(%s)",
                (group, list(topics)),
            ).fetchall()
            stored = {(t, p): o for t, p, o in rows}
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"{group}-lag-probe"})
    try:
        metadata = consumer.list_topics(timeout=timeout)
        lag: dict[str, int] = {}
        for topic in topics:
            described = metadata.topics.get(topic)
            if described is None:
                continue
            for partition in described.partitions:
                low, high = consumer.get_watermark_offsets(
                    TopicPartition(topic, partition), timeout=timeout
                )
                position = max(stored.get((topic, partition), low), low)
                lag[f"{topic}:{partition}"] = max(high - position, 0)
        return lag
    finally:
        consumer.close()
