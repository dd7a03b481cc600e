"""The outbox relay: every service database's outbox → Kafka (DESIGN §4).

One ``OutboxRelay`` per database, each in its own thread with its own connections and producer:

1. **Leadership.** It takes a session-level advisory lock; only the holder publishes, other relays
   on the same database stand by and retry. The lock dies with the holder's connection, so a
   killed relay is replaced within one standby interval.
2. **Batches in id order.** It reads up to ``batch_size`` unpublished rows, produces them with an
   idempotent ``acks=all`` producer keyed by aggregate id, waits until the broker has
   acknowledged every one, and only then marks them published. Killed anywhere before the mark,
   the batch is sent again: at-least-once, never lost; consumers' inboxes absorb duplicates.
3. **Order per aggregate.** Same key → same partition; a batch is produced only after the one
   before it was acknowledged; the idempotent producer keeps order across its own retries; a
   failed batch is resent whole, in order.
4. **Late commits and the watermark.** A transaction can commit after the relay has published
   rows with higher ids than its own. Each pass therefore starts at the lowest unpublished id
   among rows written by transactions at or above the *watermark* — a transaction id below which
   every transaction had ended when the previous complete pass began — found through the outbox's
   ``txid`` index, and moves the watermark up when it completes. Nothing indexes ``published_at``,
   so marking a row is a HOT update; the watermark is stored now and then so a new leader does
   not rescan the whole retention period. A transaction left open anywhere on the server holds
   the watermark back: passes then look at more rows (all written since it began), never fewer.
5. **Pipelining.** Batch N+1 is read (on another thread) while batch N is produced and
   acknowledged, and N is marked on other connections while N+1 is produced.
6. **Wake-up.** ``LISTEN lakoo_outbox`` (the outbox trigger NOTIFYs) with polling as a fallback.
7. **Pruning.** Published rows older than the retention period are deleted now and then, oldest
   ids first, in chunks.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import orjson
import psycopg
from confluent_kafka import KafkaException, Producer

from api.kit.kafka import producer_config
from api.kit.logging import get_logger
from api.kit.tables import OUTBOX_CHANNEL

log = get_logger(__name__)

# pg_advisory_lock key shared by every relay (any constant bigint; this one spells "OUTBOX")
RELAY_LOCK_KEY = 0x4F5554424F58
# How often a sleeping relay looks at its stop flag (shutdown latency, not publish latency).
_STOP_CHECK_SECONDS = 0.25

_SELECT_BATCH = """
SELECT id, topic, event_id::text, event_type, (headers->>'event_version')::int, aggregate_type,
       aggregate_id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
       headers->>'producer', headers->>'correlation_id', payload::text
FROM outbox
WHERE published_at IS NULL AND id > %s
ORDER BY id
LIMIT %s
"""
_MARK_PUBLISHED = "UPDATE outbox SET published_at = now() WHERE id = ANY(%s)"
# The oldest transaction still running (every lower one has committed or rolled back).
_HORIZON = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
# Through the txid index, over recent transactions' rows only. ``id + 0``: a plain min(id) lets
# the planner walk the primary key up from the oldest retained row instead, which it does when
# its statistics were taken while most rows were unpublished.
_PASS_START = "SELECT min(id + 0) FROM outbox WHERE txid >= %s AND published_at IS NULL"
_LOAD_WATERMARK = "SELECT txid FROM outbox_watermark"
_STORE_WATERMARK = """
INSERT INTO outbox_watermark (txid) VALUES (%s)
ON CONFLICT (singleton) DO UPDATE SET txid = excluded.txid
"""
# Oldest ids first, a chunk at a time; stops at the first chunk that is not wholly prunable, so
# a pass costs what it deletes plus one chunk (ids follow time closely enough).
_PRUNE_CHUNK = """
DELETE FROM outbox
WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT %s) AND published_at < now() - %s
"""
_PRUNE_CHUNK_ROWS = 5000


class DeliveryFailed(Exception):
    """The broker did not acknowledge every message of a batch; nothing was marked."""


@dataclass(frozen=True)
class RelayConfig:
    batch_size: int = 5000
    poll_interval: float = 1.0
    standby_interval: float = 1.0
    delivery_timeout: float = 30.0
    retention: timedelta = timedelta(days=7)
    prune_interval: float = 300.0
    watermark_store_interval: float = 5.0


def envelope_json(row: tuple[Any, ...]) -> bytes:
    """The DESIGN §4 envelope of one outbox row; the payload's JSON text is embedded as is."""
    (
        _,
        _,
        event_id,
        event_type,
        version,
        aggregate_type,
        aggregate_id,
        occurred_at,
        producer,
        correlation_id,
        payload,
    ) = row
    return orjson.dumps(
        {
            "event_id": event_id,
            "event_type": event_type,
            "event_version": version,
            "aggregate_type": aggregate_type,
            "aggregate_id": aggregate_id,
            "occurred_at": occurred_at,
            "producer": producer,
            "correlation_id": correlation_id,
            "payload": orjson.Fragment(payload),
        }
    )


class OutboxRelay:
    """Publishes one database's outbox while it holds that database's relay lock."""

    def __init__(
        self,
        *,
        name: str,
        dsn: str,
        bootstrap: str,
        config: RelayConfig | None = None,
        producer_overrides: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.dsn = dsn
        self.config = config or RelayConfig()
        self.published = 0
        self.is_leader = False
        self._delivery_errors: list[str] = []
        self._producer = Producer(
            producer_config(bootstrap, on_delivery=self._on_delivery, **(producer_overrides or {}))
        )
        self._last_prune = 0.0
        # None until read from the database: each leadership starts from the stored watermark.
        self._watermark: int | None = None
        self._watermark_stored_at = 0.0

    def _connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(
            self.dsn, autocommit=True, application_name=f"lakoo-relay:{os.getpid()}"
        )

    def run(self, stop: threading.Event) -> None:
        """Stand by, lead, publish; reconnect after database errors; return when ``stop`` is set."""
        while not stop.is_set():
            try:
                with self._connect() as conn:
                    if self._acquire_leadership(conn, stop):
                        self._lead(conn, stop)
            except psycopg.OperationalError as exc:
                log.warning("relay lost its database", extra={"db": self.name, "error": str(exc)})
                stop.wait(self.config.standby_interval)
            finally:
                self.is_leader = False
        self._producer.flush(self.config.delivery_timeout)

    def _acquire_leadership(self, conn: psycopg.Connection[Any], stop: threading.Event) -> bool:
        announced = False
        while not stop.is_set():
            has_outbox = _scalar(conn, "SELECT to_regclass('outbox') IS NOT NULL")
            if has_outbox and _scalar(conn, "SELECT pg_try_advisory_lock(%s)", RELAY_LOCK_KEY):
                self.is_leader = True
                log.info("relay leads", extra={"db": self.name})
                return True
            if not announced:
                reason = "another relay leads" if has_outbox else "no outbox table yet"
                log.info("relay standing by", extra={"db": self.name, "reason": reason})
                announced = True
            stop.wait(self.config.standby_interval)
        return False

    def _lead(self, conn: psycopg.Connection[Any], stop: threading.Event) -> None:
        conn.execute(f"LISTEN {OUTBOX_CHANNEL}")
        self._watermark = None
        with self._connect() as mark_a, self._connect() as mark_b:
            while not stop.is_set():
                try:
                    self.drain(conn, (mark_a, mark_b), stop)
                except DeliveryFailed as exc:
                    # Kafka is down or refusing: keep the lead, resend the same rows shortly.
                    log.warning(
                        "relay batch not delivered", extra={"db": self.name, "error": str(exc)}
                    )
                    stop.wait(self.config.standby_interval)
                    continue
                self._prune_if_due(conn)
                self._sleep_until_notified(conn, stop)

    def _sleep_until_notified(self, conn: psycopg.Connection[Any], stop: threading.Event) -> None:
        """Caught up: sleep until a NOTIFY, the polling interval, or ``stop`` (checked often)."""
        deadline = time.monotonic() + self.config.poll_interval
        while not stop.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            for _ in conn.notifies(timeout=min(remaining, _STOP_CHECK_SECONDS), stop_after=1):
                return

    def drain(
        self,
        conn: psycopg.Connection[Any],
        marker_conns: Sequence[psycopg.Connection[Any]],
        stop: threading.Event | None = None,
    ) -> int:
        """Publish until no unpublished row is left; returns how many rows it published.

        Marks run on ``marker_conns``, one in flight per connection: they touch disjoint rows,
        so they proceed side by side while the next batches are read and produced.
        """
        if self._watermark is None:
            self._watermark = _scalar(conn, _LOAD_WATERMARK) or 0
        published = 0
        with (
            _Marks(marker_conns, name=self.name) as marks,
            ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"read-{self.name}") as reader,
        ):
            while stop is None or not stop.is_set():
                horizon = _scalar(conn, _HORIZON)
                start = _scalar(conn, _PASS_START, self._watermark)
                if start is not None:
                    published += self._publish_pass(conn, reader, marks, start, stop)
                    if stop is not None and stop.is_set():
                        break  # an interrupted pass does not move the watermark
                # Every row of a transaction below the horizon was visible to this pass and is
                # now on Kafka and marked; later passes need look only from there.
                marks.settle()
                self._advance_watermark(conn, horizon)
                if start is None:
                    break
        return published

    def _publish_pass(
        self,
        conn: psycopg.Connection[Any],
        reader: ThreadPoolExecutor,
        marks: _Marks,
        start: int,
        stop: threading.Event | None,
    ) -> int:
        """Publish unpublished rows from id ``start`` on, in batches, until none is left."""
        published = 0
        rows = self._fetch(conn, after_id=start - 1)
        while rows and (stop is None or not stop.is_set()):
            # The next batch is read while this one is produced and acknowledged.
            upcoming = reader.submit(self._fetch, conn, after_id=rows[-1][0])
            self._produce(rows)
            self._confirm_delivery()
            marks.mark([row[0] for row in rows])
            published += len(rows)
            self.published += len(rows)
            rows = upcoming.result()
        return published

    def _advance_watermark(self, conn: psycopg.Connection[Any], horizon: int) -> None:
        self._watermark = horizon
        now = time.monotonic()
        if now - self._watermark_stored_at >= self.config.watermark_store_interval:
            conn.execute(_STORE_WATERMARK, (horizon,))
            self._watermark_stored_at = now

    def _fetch(self, conn: psycopg.Connection[Any], *, after_id: int) -> list[tuple[Any, ...]]:
        return conn.execute(_SELECT_BATCH, (after_id, self.config.batch_size)).fetchall()

    def _produce(self, rows: list[tuple[Any, ...]]) -> None:
        self._delivery_errors.clear()
        produce = self._producer.produce
        for row in rows:
            headers = [("event_type", row[3]), ("event_id", row[2])]
            value = envelope_json(row)
            while True:
                try:
                    produce(row[1], value=value, key=row[6], headers=headers)
                    break
                except BufferError:
                    self._producer.poll(0.05)  # local queue full: let deliveries drain

    def _confirm_delivery(self) -> None:
        remaining = self._producer.flush(self.config.delivery_timeout)
        if remaining or self._delivery_errors:
            raise DeliveryFailed(f"{remaining} unacknowledged, errors: {self._delivery_errors[:3]}")

    def _on_delivery(self, err: KafkaException | None, _msg: object) -> None:
        if err is not None:
            self._delivery_errors.append(str(err))

    def _prune_if_due(self, conn: psycopg.Connection[Any]) -> None:
        now = time.monotonic()
        if now - self._last_prune < self.config.prune_interval:
            return
        self._last_prune = now
        deleted = 0
        while True:
            chunk = conn.execute(_PRUNE_CHUNK, (_PRUNE_CHUNK_ROWS, self.config.retention)).rowcount
            deleted += chunk
            if chunk < _PRUNE_CHUNK_ROWS:
                break
        if deleted:
            log.info("pruned published outbox rows", extra={"db": self.name, "rows": deleted})


class _Marks:
    """Marks batches published on a few connections, one statement in flight on each."""

    def __init__(self, conns: Sequence[psycopg.Connection[Any]], *, name: str) -> None:
        self._conns = conns
        self._pool = ThreadPoolExecutor(max_workers=len(conns), thread_name_prefix=f"mark-{name}")
        self._pending: deque[Future[None]] = deque()
        self._count = 0

    def mark(self, ids: list[int]) -> None:
        if len(self._pending) == len(self._conns):
            self._pending.popleft().result()  # frees the connection used len(conns) marks ago
        conn = self._conns[self._count % len(self._conns)]
        self._pending.append(self._pool.submit(_mark_published, conn, ids))
        self._count += 1

    def settle(self) -> None:
        while self._pending:
            self._pending.popleft().result()

    def __enter__(self) -> _Marks:
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            self.settle()
        finally:
            self._pool.shutdown()


def _mark_published(conn: psycopg.Connection[Any], ids: list[int]) -> None:
    conn.execute(_MARK_PUBLISHED, (ids,))


def _scalar(conn: psycopg.Connection[Any], query: str, *params: object) -> Any:
    row = conn.execute(query, params or None).fetchone()
    return row[0] if row else None


def run_relays(
    databases: dict[str, str],
    *,
    bootstrap: str,
    stop: threading.Event,
    config: RelayConfig | None = None,
) -> list[OutboxRelay]:
    """Run one relay thread per database until ``stop``; returns the relays when all ended."""
    relays = [
        OutboxRelay(name=name, dsn=dsn, bootstrap=bootstrap, config=config)
        for name, dsn in databases.items()
    ]
    threads = [
        threading.Thread(target=relay.run, args=(stop,), name=f"relay-{relay.name}", daemon=True)
        for relay in relays
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return relays
