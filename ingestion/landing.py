"""Landing: Kafka → ``analytics_db.raw.events`` with ``COPY``, exactly once across crashes.

Each batch is one PostgreSQL transaction that copies the events *and* stores the next Kafka
offset of every partition it read (``raw.kafka_offsets``). Kafka's own committed offsets are never
used: on start the lander assigns its partitions by hand and seeks to the stored offsets, so a
SIGKILL at any point replays exactly the uncommitted batch. ``event_id`` is unique as a second
guard against producers that publish an event twice (the relay is at-least-once).

One lander per consumer group holds a PostgreSQL advisory lock, which is what makes
``landing_id`` grow in commit order (dbt's incremental models rely on it). ``drain`` serves both
the Dagster asset (stop at the high watermark or a time budget) and ``lakoo land`` (run until
told to stop). Run as ``python -m ingestion.landing`` for the long-running form.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import psycopg
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, TopicPartition

from api.events.topics import TOPICS
from api.kit.db import libpq_url
from api.kit.settings import StackSettings
from api.kit.topology import ANALYTICS_DATABASE
from ingestion.landing_rows import EVENT_COLUMNS, RejectedMessage, Rejection, encode_event
from ingestion.landing_schema import ensure_landing_schema
from ingestion.landing_store import LandingStore

DEFAULT_GROUP = "analytics-landing"
DEFAULT_BATCH_SIZE = 10_000

__all__ = [
    "DEFAULT_GROUP",
    "EVENT_COLUMNS",
    "DrainResult",
    "LanderBusy",
    "default_database_url",
    "drain",
]


class LanderBusy(RuntimeError):
    """Another lander of the same consumer group holds the lock; this one has nothing to do."""


@dataclass
class DrainResult:
    """What one drain did."""

    landed: int = 0
    duplicates: int = 0
    rejected: int = 0
    batches: int = 0
    caught_up: bool = False
    positions: dict[str, int] = field(default_factory=dict)


def default_database_url() -> str:
    """``analytics_db`` on the shared PostgreSQL server."""
    return f"{StackSettings().postgres_url.rstrip('/')}/{ANALYTICS_DATABASE}"


def default_topics() -> list[str]:
    """Every catalog topic (never the ``.dlq`` twins: those hold what consumers could not use)."""
    return list(TOPICS)


def _assign(
    consumer: Consumer, store: LandingStore, topics: Sequence[str]
) -> tuple[dict[tuple[str, int], int], dict[tuple[str, int], int]]:
    """Assign every partition at its stored offset; return start positions and high watermarks."""
    stored = store.load_offsets(topics)
    metadata = consumer.list_topics(timeout=10)
    assignment, positions, targets = [], {}, {}
    for topic in topics:
        described = metadata.topics.get(topic)
        if described is None or described.error is not None:
            reason = described.error if described is not None else "missing"
            raise KafkaException(f"topic {topic!r} is not available: {reason}")
        for partition in described.partitions:
            tp = TopicPartition(topic, partition)
            low, high = consumer.get_watermark_offsets(tp, timeout=10)
            start = stored.get((topic, partition))
            tp.offset = OFFSET_BEGINNING if start is None else start
            assignment.append(tp)
            positions[(topic, partition)] = low if start is None else max(start, low)
            targets[(topic, partition)] = high
    consumer.assign(assignment)
    return positions, targets


def drain(
    *,
    database_url: str,
    bootstrap: str,
    topics: Sequence[str] | None = None,
    group: str = DEFAULT_GROUP,
    batch_size: int = DEFAULT_BATCH_SIZE,
    until_caught_up: bool = True,
    time_budget: float | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    on_batch: Callable[[DrainResult], None] | None = None,
) -> DrainResult:
    """Land events until caught up with the high watermarks seen at start (or the budget ends).

    With ``until_caught_up=False`` it runs until ``should_stop()`` answers true (``lakoo land``).
    """
    topics = list(topics or default_topics())
    deadline = None if time_budget is None else time.monotonic() + time_budget
    result = DrainResult()
    with psycopg.connect(libpq_url(database_url)) as conn:
        ensure_landing_schema(conn)
        store = LandingStore(conn, group)
        if not store.try_lock():
            raise LanderBusy(f"another lander of group {group!r} is running")
        consumer = Consumer(
            {
                "bootstrap.servers": bootstrap,
                "group.id": group,
                # offsets live in PostgreSQL, committed with the rows; Kafka's are never used
                "enable.auto.commit": False,
                "enable.auto.offset.store": False,
                "auto.offset.reset": "earliest",
            }
        )
        # One writer thread: while PostgreSQL copies batch N, this thread consumes and encodes
        # batch N+1 (psycopg releases the GIL while the server works). Batches still commit
        # one at a time, in order, each with its own offsets.
        writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="landing-writer")
        pending: Future[None] | None = None
        try:
            positions, targets = _assign(consumer, store, topics)
            consumed = dict(positions)
            while not should_stop():
                if until_caught_up and all(consumed[tp] >= targets[tp] for tp in targets):
                    result.caught_up = True
                    break
                if deadline is not None and time.monotonic() > deadline:
                    break
                messages = consumer.consume(batch_size, timeout=0.5)
                if not messages:
                    continue
                batch = _encode(messages)
                consumed.update(batch.next_offsets)
                if pending is not None:
                    pending.result()
                    if on_batch is not None:
                        on_batch(result)
                pending = writer.submit(_land_batch, store, batch, positions, result)
            if pending is not None:
                pending.result()
        finally:
            writer.shutdown(wait=True)
            consumer.close()
            store.unlock()
    result.positions = {f"{t}:{p}": offset for (t, p), offset in sorted(positions.items())}
    return result


@dataclass
class _Batch:
    rows: list[bytes]
    rejections: list[Rejection]
    next_offsets: dict[tuple[str, int], int]


def _encode(messages: list) -> _Batch:  # list[confluent_kafka.Message]
    batch = _Batch([], [], {})
    for message in messages:
        error = message.error()
        if error is not None:
            if error.code() == KafkaError._PARTITION_EOF:
                continue
            raise KafkaException(error)
        topic, partition, offset = message.topic(), message.partition(), message.offset()
        try:
            batch.rows.append(encode_event(message.value(), topic, partition, offset))
        except RejectedMessage as exc:
            batch.rejections.append(
                Rejection(topic, partition, offset, message.key(), message.value(), str(exc))
            )
        batch.next_offsets[(topic, partition)] = offset + 1
    return batch


def _land_batch(
    store: LandingStore,
    batch: _Batch,
    positions: dict[tuple[str, int], int],
    result: DrainResult,
) -> None:
    if not batch.next_offsets:
        return
    landed = store.write_batch(batch.rows, batch.rejections, batch.next_offsets)
    positions.update(batch.next_offsets)
    result.landed += landed
    result.duplicates += len(batch.rows) - landed
    result.rejected += len(batch.rejections)
    result.batches += 1


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: ``python -m ingestion.landing [--until-caught-up] ...``."""
    parser = argparse.ArgumentParser(description="Land Kafka events into raw.events.")
    parser.add_argument("--topics", help="comma-separated topics (default: every catalog topic)")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--bootstrap", default=None)
    parser.add_argument("--group", default=DEFAULT_GROUP)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--until-caught-up", action="store_true")
    parser.add_argument("--time-budget", type=float, default=None)
    args = parser.parse_args(argv)
    stop = False

    def request_stop(*_: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        result = _run(args, lambda: stop)
    except LanderBusy as exc:
        print(f"not started: {exc}", file=sys.stderr, flush=True)
        return 1
    print(
        f"landed={result.landed} duplicates={result.duplicates} rejected={result.rejected} "
        f"batches={result.batches} caught_up={result.caught_up}",
        flush=True,
    )
    return 0


def _run(args: argparse.Namespace, should_stop: Callable[[], bool]) -> DrainResult:
    return drain(
        database_url=args.database_url or default_database_url(),
        bootstrap=args.bootstrap or StackSettings().kafka_bootstrap_servers,
        topics=args.topics.split(",") if args.topics else None,
        group=args.group,
        batch_size=args.batch_size,
        until_caught_up=args.until_caught_up,
        time_budget=args.time_budget,
        should_stop=should_stop,
    )


if __name__ == "__main__":
    raise SystemExit(main())
