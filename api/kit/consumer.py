"""The consumer runtime of every service worker (DESIGN §4).

For each message: parse the envelope, look the event type up in the service's explicit handler
table, then — in ONE database transaction — claim the event in the inbox and run the handler.
The offset is stored for commit only after that transaction commits. Consequences:

- a redelivered event finds its inbox row and has no second effect;
- a crash before the commit loses nothing (the message comes again);
- a handler failure is retried with exponential backoff; after ``max_attempts`` the message is
  copied to ``<topic>.dlq`` with the error in its headers and the consumer moves on;
- a message that can never succeed (not JSON, payload not matching the catalog) goes to the DLQ
  at once; an event type the service has no handler for is skipped and counted.

A service whose work per event is small and alike (the notification fan-out) may also give a
``batch_handler``: then a fetched batch is claimed in the inbox with one statement and handed
over whole, in ONE transaction, so the service reads what it needs once per batch and writes
with a statement per table. The per-event handlers stay the definition: if the batch fails, its
events are applied one by one as above (a poison event is retried and dead-lettered alone).
"""

from __future__ import annotations

import asyncio
import threading
import traceback
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from confluent_kafka import Consumer, KafkaError, Message, Producer
from pydantic import ValidationError

from api.events.base import EventPayload
from api.events.envelope import Event, UnknownEventType, parse_event
from api.events.topics import dlq_topic, topic_for_event_type
from api.kit import inbox
from api.kit.kafka import consumer_config, producer_config
from api.kit.logging import correlation_id_var, get_logger
from api.kit.uow import UnitOfWork

Handler = Callable[[Event[Any], UnitOfWork], Awaitable[None]]
# applies several events (new to the inbox, in the order fetched) in the caller's transaction
BatchHandler = Callable[[Sequence[Event[Any]], UnitOfWork], Awaitable[None]]
UowFactory = Callable[[], UnitOfWork]

log = get_logger(__name__)


@dataclass
class ConsumerStats:
    """What the runtime has done since it started (also logged on shutdown)."""

    handled: int = 0
    duplicates: int = 0
    skipped_unknown: int = 0
    retries: int = 0
    dead_lettered: int = 0
    batches: int = 0
    batch_fallbacks: int = 0
    by_type: dict[str, int] = field(default_factory=dict)


class PoisonMessage(Exception):
    """A message that no retry can fix."""


def topics_for(handlers: Mapping[str, Handler]) -> list[str]:
    """The topics a handler table needs, derived from its event types."""
    return sorted({topic_for_event_type(event_type) for event_type in handlers})


class ConsumerRuntime:
    """Runs one service's handler table against Kafka until ``stop`` is set."""

    def __init__(
        self,
        *,
        consumer_name: str,
        handlers: Mapping[str, Handler],
        uow_factory: UowFactory,
        bootstrap: str,
        group_id: str | None = None,
        topics: list[str] | None = None,
        max_attempts: int = 5,
        backoff_seconds: float = 0.2,
        max_backoff_seconds: float = 5.0,
        batch_size: int = 200,
        start_from: str = "earliest",
        concurrency: int = 8,
        batch_handler: BatchHandler | None = None,
    ) -> None:
        self.consumer_name = consumer_name
        self.handlers = dict(handlers)
        self.batch_handler = batch_handler
        self.uow_factory = uow_factory
        self.topics = topics or topics_for(handlers)
        self.max_attempts = max_attempts
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self.batch_size = batch_size
        self._slots = asyncio.Semaphore(concurrency)
        self.stats = ConsumerStats()
        self._consumer = Consumer(
            consumer_config(
                bootstrap, group_id or consumer_name, **{"auto.offset.reset": start_from}
            )
        )
        self._dlq = Producer(producer_config(bootstrap, **{"linger.ms": 0}))
        # set once the group has given this consumer its partitions (readiness, not correctness)
        self.assigned = threading.Event()

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until ``stop`` is set; then commit what was handled and leave the group."""
        self._consumer.subscribe(self.topics, on_assign=lambda *_: self.assigned.set())
        log.info("consumer started", extra={"consumer": self.consumer_name, "topics": self.topics})
        try:
            while not stop.is_set():
                batch = await asyncio.to_thread(self._fetch)
                await self.process_batch(batch)
        finally:
            self._dlq.flush(10)
            # close() commits the stored offsets and leaves the group at once (no rebalance wait)
            await asyncio.to_thread(self._consumer.close)
            log.info("consumer stopped", extra={"stats": self.stats.__dict__})

    def _fetch(self) -> list[Message]:
        """Wait for one message, then take whatever else is already buffered (never wait for more).

        One thread hop per batch instead of per message; ``consume(n, timeout)`` alone would hold
        a lone message back until the batch filled or the timeout passed.
        """
        first = self._consumer.poll(0.5)
        if first is None:
            return []
        return [first, *self._consumer.consume(self.batch_size - 1, 0)]

    async def process_batch(self, batch: list[Message]) -> None:
        """Handle a fetched batch, then store each partition's offset.

        Messages of one key (one aggregate) are applied in order, one after another; different
        keys run side by side, up to ``concurrency`` at a time — a burst of payments for many
        checkouts does not queue behind itself. With a ``batch_handler`` the whole batch is one
        transaction instead (see the module's docstring). Offsets are stored only once the whole
        batch is done, so a crash replays it and the inbox absorbs what was already applied.
        """
        fetched: list[Message] = []
        last_per_partition: dict[int, Message] = {}
        for message in batch:
            error = message.error()
            if error is not None:
                if error.code() != KafkaError._PARTITION_EOF:
                    log.warning("kafka error", extra={"error": str(error)})
                continue
            fetched.append(message)
            last_per_partition[message.partition() or 0] = message
        if self.batch_handler is None:
            await self._by_lanes([(m, None) for m in fetched])
        else:
            await self._together(fetched)
        for message in last_per_partition.values():
            self._consumer.store_offsets(message=message)

    async def _by_lanes(self, items: list[tuple[Message, Event[Any] | None]]) -> None:
        """One transaction per event: in order within a key, keys side by side."""
        lanes: dict[tuple[int, bytes | None], list[tuple[Message, Event[Any] | None]]] = {}
        for message, event in items:
            lanes.setdefault((message.partition() or 0, message.key()), []).append((message, event))

        async def run_lane(lane: list[tuple[Message, Event[Any] | None]]) -> None:
            for message, event in lane:
                async with self._slots:
                    if event is None:
                        await self.handle(message)
                    else:
                        await self._handle_with_retries(
                            message, event, self.handlers[event.event_type]
                        )

        await asyncio.gather(*(run_lane(lane) for lane in lanes.values()))

    async def _together(self, fetched: list[Message]) -> None:
        """The batch handler's path: parse all, apply the handled ones in one transaction, and
        fall back to one transaction per event if that fails."""
        items: list[tuple[Message, Event[Any]]] = []
        for message in fetched:
            event = self._parse(message)
            if event is not None:
                items.append((message, event))
        if not items:
            return
        try:
            await self._apply_together([event for _, event in items])
        except Exception as exc:
            self.stats.batch_fallbacks += 1
            log.warning(
                "batch failed; applying its events one by one",
                extra={"events": len(items), "error": repr(exc)},
            )
            await self._by_lanes([(m, e) for m, e in items])

    def _parse(self, message: Message) -> Event[Any] | None:
        """The message's event if this consumer handles it (else skipped or dead-lettered)."""
        try:
            event = parse_event(message.value() or b"")
        except UnknownEventType as exc:
            self._skip(str(exc))
        except (ValueError, ValidationError) as exc:
            self._dead_letter(message, PoisonMessage(f"unparseable event: {exc}"), attempts=1)
        else:
            if event.event_type in self.handlers:
                return event
            self._skip(event.event_type)
        return None

    async def _apply_together(self, events: list[Event[Any]]) -> None:
        assert self.batch_handler is not None
        fresh = await apply_batch(
            self.uow_factory, self.batch_handler, events, consumer=self.consumer_name
        )
        self.stats.batches += 1
        self.stats.handled += len(fresh)
        self.stats.duplicates += len(events) - len(fresh)
        for event in fresh:
            self.stats.by_type[event.event_type] = self.stats.by_type.get(event.event_type, 0) + 1

    async def process(self, message: Message) -> None:
        """Handle one message fully, then store its offset."""
        await self.handle(message)
        self._consumer.store_offsets(message=message)

    async def handle(self, message: Message) -> None:
        """Apply, skip or dead-letter one message (its offset is the caller's business)."""
        event = self._parse(message)
        if event is not None:
            await self._handle_with_retries(message, event, self.handlers[event.event_type])

    async def _handle_with_retries(
        self, message: Message, event: Event[EventPayload], handler: Handler
    ) -> None:
        token = correlation_id_var.set(
            str(event.envelope.correlation_id) if event.envelope.correlation_id else None
        )
        try:
            for attempt in range(1, self.max_attempts + 1):
                try:
                    await self._apply_once(event, handler)
                    return
                except Exception as exc:
                    if attempt == self.max_attempts:
                        self._dead_letter(message, exc, attempts=attempt)
                        return
                    self.stats.retries += 1
                    delay = min(self.backoff_seconds * 2 ** (attempt - 1), self.max_backoff_seconds)
                    log.warning(
                        "handler failed; retrying",
                        extra={
                            "event_type": event.event_type,
                            "attempt": attempt,
                            "error": repr(exc),
                        },
                    )
                    await asyncio.sleep(delay)
        finally:
            correlation_id_var.reset(token)

    async def _apply_once(self, event: Event[EventPayload], handler: Handler) -> None:
        async with self.uow_factory() as uow:
            first_time = await inbox.claim(
                uow.session,
                event_id=event.event_id,
                consumer=self.consumer_name,
                event_type=event.event_type,
            )
            if not first_time:
                self.stats.duplicates += 1
                return
            await handler(event, uow)
            await uow.commit()
        self.stats.handled += 1
        self.stats.by_type[event.event_type] = self.stats.by_type.get(event.event_type, 0) + 1

    def _skip(self, event_type: str) -> None:
        self.stats.skipped_unknown += 1
        log.debug("skipped event without handler", extra={"event_type": event_type})

    def _dead_letter(self, message: Message, error: BaseException, *, attempts: int) -> None:
        topic = message.topic() or "unknown"
        # message.headers() is a list of (key, value) pairs for a consumed message
        headers: list[tuple[str, str | bytes | None]] = list(message.headers() or [])  # type: ignore[arg-type]
        headers += [
            ("dlq.error", repr(error)[:2000].encode()),
            ("dlq.error_type", type(error).__name__.encode()),
            ("dlq.traceback", "".join(traceback.format_exception(error))[-4000:].encode()),
            ("dlq.attempts", str(attempts).encode()),
            ("dlq.consumer", self.consumer_name.encode()),
            ("dlq.source_topic", topic.encode()),
            ("dlq.source_partition", str(message.partition()).encode()),
            ("dlq.source_offset", str(message.offset()).encode()),
        ]
        self._dlq.produce(
            dlq_topic(topic), value=message.value(), key=message.key(), headers=headers
        )
        # Wait for the broker: the source offset is stored right after, so the copy must exist.
        remaining = self._dlq.flush(10)
        if remaining:
            raise RuntimeError("dead-letter copy was not acknowledged; refusing to move on")
        self.stats.dead_lettered += 1
        log.error(
            "message dead-lettered",
            extra={"topic": topic, "offset": message.offset(), "error": repr(error)},
        )


async def apply_batch(
    uow_factory: UowFactory,
    batch_handler: BatchHandler,
    events: Sequence[Event[Any]],
    *,
    consumer: str,
) -> list[Event[Any]]:
    """Claim ``events`` in ``consumer``'s inbox with one statement and hand the new ones (the
    first copy of a repeated one, in order) to ``batch_handler``, in one transaction; returns
    the events applied now. Raises (having written nothing) if the handler does."""
    unique: dict[UUID, Event[Any]] = {}
    for event in events:
        unique.setdefault(event.event_id, event)
    async with uow_factory() as uow:
        claimed = await inbox.claim_many(
            uow.session, [(e.event_id, e.event_type) for e in unique.values()], consumer=consumer
        )
        fresh = [e for e in unique.values() if e.event_id in claimed]
        if fresh:
            await batch_handler(fresh, uow)
        await uow.commit()
    return fresh
