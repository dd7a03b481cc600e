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
4. **Pipelining.** Batch N+1 is read while the broker acknowledges batch N, and N is marked on
   other connections while N+1 is produced; reads go after a cursor (N's last id) so N is not
   fetched twice. Once caught up, the relay settles pending marks and scans from the start again,
   which also picks up rows of transactions that committed late with lower ids.
5. **Wake-up.** ``LISTEN lakoo_outbox`` (the outbox trigger NOTIFYs) with polling as a fallback.
6. **Pruning.** Published rows older than the retention period are deleted now and then.
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
# By id below the oldest unpublished row: the primary key serves it, no index on published_at.
_PRUNE = """
DELETE FROM outbox
WHERE id < coalesce((SELECT min(id) FROM outbox WHERE published_at IS NULL), 9223372036854775807)
  AND published_at < now() - %s
"""


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
        self._marks = 0

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
        published = 0
        pending: deque[Future[None]] = deque()
        workers = len(marker_conns)
        with ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix=f"mark-{self.name}"
        ) as pool:
            try:
                rows = self._fetch(conn, after_id=0)
                while rows and (stop is None or not stop.is_set()):
                    self._produce(rows)
                    # Read the next batch while the broker acknowledges this one.
                    upcoming = self._fetch(conn, after_id=rows[-1][0])
                    self._confirm_delivery()
                    if len(pending) == workers:
                        pending.popleft().result()  # frees the connection used `workers` marks ago
                    ids = [row[0] for row in rows]
                    marker_conn = marker_conns[self._marks % workers]
                    pending.append(pool.submit(_mark_published, marker_conn, ids))
                    self._marks += 1
                    published += len(ids)
                    self.published += len(ids)
                    if not upcoming:
                        # Caught up: settle the marks, then rescan from the start for rows
                        # whose transactions committed late with ids below the cursor.
                        _settle(pending)
                        upcoming = self._fetch(conn, after_id=0)
                    rows = upcoming
            finally:
                _settle(pending)
        return published

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
        deleted = conn.execute(_PRUNE, (self.config.retention,)).rowcount
        if deleted:
            log.info("pruned published outbox rows", extra={"db": self.name, "rows": deleted})


def _settle(pending: deque[Future[None]]) -> None:
    while pending:
        pending.popleft().result()


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
