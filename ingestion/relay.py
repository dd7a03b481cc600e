"""The outbox relay: every service database's outbox → Kafka (DESIGN §4).

One ``OutboxRelay`` per database, each in its own thread with its own connection and producer:

1. **Leadership.** It takes a session-level advisory lock; only the holder publishes, other relays
   on the same database stand by and retry. The lock dies with the holder's connection, so a
   killed relay is replaced within one standby interval.
2. **Batches in id order.** It reads up to ``batch_size`` unpublished rows (the envelope is built
   by PostgreSQL, so Python only moves bytes), produces them with an idempotent ``acks=all``
   producer keyed by aggregate id, waits until the broker has acknowledged every one, and only
   then marks them published. Killed anywhere before the mark, the batch is sent again:
   at-least-once, never lost; consumers' inboxes absorb the duplicates.
3. **Order per aggregate.** Same key → same partition; one batch at a time; the idempotent
   producer keeps order across its internal retries; a failed batch is resent whole, in order.
4. **Wake-up.** ``LISTEN lakoo_outbox`` (the outbox trigger NOTIFYs) with polling as a fallback.
5. **Pruning.** Published rows older than the retention period are deleted now and then.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import psycopg
from confluent_kafka import KafkaException, Producer

from api.kit.kafka import producer_config
from api.kit.logging import get_logger
from api.kit.tables import OUTBOX_CHANNEL

log = get_logger(__name__)

# pg_advisory_lock key shared by every relay (any constant bigint; this one spells "OUTBOX")
RELAY_LOCK_KEY = 0x4F5554424F58

_SELECT_BATCH = """
SELECT id, topic, aggregate_id, event_type, event_id::text,
       jsonb_build_object(
           'event_id', event_id,
           'event_type', event_type,
           'event_version', (headers->>'event_version')::int,
           'aggregate_type', aggregate_type,
           'aggregate_id', aggregate_id,
           'occurred_at', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'producer', headers->>'producer',
           'correlation_id', headers->'correlation_id',
           'payload', payload
       )::text
FROM outbox
WHERE published_at IS NULL
ORDER BY id
LIMIT %s
"""
_MARK_PUBLISHED = "UPDATE outbox SET published_at = now() WHERE id = ANY(%s)"
_PRUNE = "DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < now() - %s"


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

    def run(self, stop: threading.Event) -> None:
        """Stand by, lead, publish; reconnect after database errors; return when ``stop`` is set."""
        while not stop.is_set():
            try:
                with psycopg.connect(
                    self.dsn, autocommit=True, application_name=f"lakoo-relay:{os.getpid()}"
                ) as conn:
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
            (has_outbox,) = conn.execute("SELECT to_regclass('outbox') IS NOT NULL").fetchone()  # type: ignore[misc]
            if has_outbox:
                (locked,) = conn.execute(
                    "SELECT pg_try_advisory_lock(%s)", (RELAY_LOCK_KEY,)
                ).fetchone()  # type: ignore[misc]
                if locked:
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
        while not stop.is_set():
            try:
                sent = self.publish_batch(conn)
            except DeliveryFailed as exc:
                # Kafka is down or refusing: keep the lead, resend the same batch shortly.
                log.warning("relay batch not delivered", extra={"db": self.name, "error": str(exc)})
                stop.wait(self.config.standby_interval)
                continue
            self._prune_if_due(conn)
            if sent < self.config.batch_size:
                # Nothing more right now: sleep until a NOTIFY or the polling interval.
                for _ in conn.notifies(timeout=self.config.poll_interval, stop_after=1):
                    pass

    def publish_batch(self, conn: psycopg.Connection[Any]) -> int:
        """Publish one batch and mark it; returns how many rows it published."""
        rows = conn.execute(_SELECT_BATCH, (self.config.batch_size,)).fetchall()
        if not rows:
            return 0
        self._delivery_errors.clear()
        produce = self._producer.produce
        for _, topic, key, event_type, event_id, value in rows:
            headers = [("event_type", event_type), ("event_id", event_id)]
            while True:
                try:
                    produce(topic, value=value, key=key, headers=headers)
                    break
                except BufferError:
                    self._producer.poll(0.05)  # local queue full: let deliveries drain
        remaining = self._producer.flush(self.config.delivery_timeout)
        if remaining or self._delivery_errors:
            raise DeliveryFailed(
                f"{remaining} unacknowledged, errors: {self._delivery_errors[:3]}"
            )
        conn.execute(_MARK_PUBLISHED, ([row[0] for row in rows],))
        self.published += len(rows)
        return len(rows)

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
