"""The consumer runtime: one effect per event, failures to the DLQ, unknown types skipped."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest
from confluent_kafka import Producer
from sqlalchemy import Column, MetaData, Table, Text, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from api.events import Envelope, Event, UserLogin, UserRegistered, UserVerified, build_envelope
from api.kit.consumer import ConsumerRuntime, ConsumerStats, Handler
from api.kit.db import make_async_engine, make_session_factory
from api.kit.tables import processed_events
from api.kit.uow import UnitOfWork, UnitOfWorkFactory
from tests.support.kafka import TopicTail, unique_topic

effects_metadata = MetaData()
effects = Table("effects", effects_metadata, Column("event_id", Text), Column("note", Text))


def _registered() -> Envelope:
    user_id = uuid4()
    payload = UserRegistered(
        user_id=user_id,
        email=f"{user_id.hex[:8]}@example.id",
        phone=None,
        full_name="Budi",
        role="customer",
        status="pending_verification",
        registered_at=datetime.now(UTC),
    )
    return build_envelope(payload, aggregate_id=user_id, producer="auth")


def _login() -> Envelope:
    user_id = uuid4()
    payload = UserLogin(
        user_id=user_id,
        role="customer",
        ip_address=None,
        user_agent=None,
        logged_in_at=datetime.now(UTC),
    )
    return build_envelope(payload, aggregate_id=user_id, producer="auth")


def _verified() -> Envelope:
    user_id = uuid4()
    payload = UserVerified(
        user_id=user_id, email="x@example.id", channel="email", verified_at=datetime.now(UTC)
    )
    return build_envelope(payload, aggregate_id=user_id, producer="auth")


def _produce(bootstrap: str, topic: str, envelopes: list[Envelope | bytes]) -> None:
    producer = Producer({"bootstrap.servers": bootstrap})
    for envelope in envelopes:
        if isinstance(envelope, bytes):
            producer.produce(topic, value=envelope, key=b"poison")
        else:
            producer.produce(
                topic, value=envelope.model_dump_json().encode(), key=envelope.aggregate_id.encode()
            )
    assert producer.flush(10) == 0


async def _record_effect(event: Event[Any], uow: UnitOfWork) -> None:
    await uow.session.execute(insert(effects).values(event_id=str(event.event_id), note="seen"))


async def _always_fail(event: Event[Any], uow: UnitOfWork) -> None:
    await uow.session.execute(insert(effects).values(event_id=str(event.event_id), note="partial"))
    raise RuntimeError("the handler is broken")


@pytest.fixture
async def engine(kit_database: str) -> AsyncIterator[AsyncEngine]:
    engine = make_async_engine(kit_database)
    async with engine.begin() as conn:
        await conn.run_sync(effects_metadata.create_all)
    yield engine
    await engine.dispose()


async def _run_until(
    runtime: ConsumerRuntime, done: Callable[[ConsumerStats], bool], timeout: float = 45.0
) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(runtime.run(stop))
    try:
        async with asyncio.timeout(timeout):
            while not done(runtime.stats):
                await asyncio.sleep(0.1)
    finally:
        stop.set()
        await task


def _runtime(
    engine: AsyncEngine, bootstrap: str, topic: str, handlers: dict[str, Handler], **kwargs: Any
) -> ConsumerRuntime:
    return ConsumerRuntime(
        consumer_name="test-consumer",
        handlers=handlers,
        uow_factory=UnitOfWorkFactory(make_session_factory(engine), producer="test"),
        bootstrap=bootstrap,
        group_id=f"group-{uuid4().hex}",
        topics=[topic],
        **kwargs,
    )


async def _count(engine: AsyncEngine, query: Any) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(query)).scalar_one())


async def test_a_redelivered_event_has_exactly_one_effect(
    engine: AsyncEngine, kafka_bootstrap: str
) -> None:
    topic = unique_topic(kafka_bootstrap)
    envelope = _registered()
    _produce(kafka_bootstrap, topic, [envelope, envelope, envelope])
    runtime = _runtime(engine, kafka_bootstrap, topic, {"user.registered": _record_effect})

    await _run_until(runtime, lambda s: s.handled + s.duplicates == 3)

    assert runtime.stats.handled == 1
    assert runtime.stats.duplicates == 2
    assert await _count(engine, select(func.count()).select_from(effects)) == 1
    claimed = select(func.count()).select_from(processed_events)
    assert await _count(engine, claimed) == 1


async def test_redelivery_after_a_restart_is_absorbed_by_the_inbox(
    engine: AsyncEngine, kafka_bootstrap: str
) -> None:
    topic = unique_topic(kafka_bootstrap)
    envelope = _registered()
    _produce(kafka_bootstrap, topic, [envelope])
    first = _runtime(engine, kafka_bootstrap, topic, {"user.registered": _record_effect})
    await _run_until(first, lambda s: s.handled == 1)
    # a new consumer group re-reads the topic from the start, as after lost offsets
    second = _runtime(engine, kafka_bootstrap, topic, {"user.registered": _record_effect})
    await _run_until(second, lambda s: s.duplicates == 1)

    assert second.stats.handled == 0
    assert await _count(engine, select(func.count()).select_from(effects)) == 1


async def test_a_handler_that_keeps_failing_sends_the_message_to_the_dlq_and_moves_on(
    engine: AsyncEngine, kafka_bootstrap: str
) -> None:
    topic = unique_topic(kafka_bootstrap)
    broken, healthy = _login(), _registered()
    with TopicTail(kafka_bootstrap, topic + ".dlq") as dlq:
        _produce(kafka_bootstrap, topic, [broken, healthy])
        runtime = _runtime(
            engine,
            kafka_bootstrap,
            topic,
            {"user.login": _always_fail, "user.registered": _record_effect},
            max_attempts=3,
            backoff_seconds=0.01,
        )
        await _run_until(runtime, lambda s: s.dead_lettered == 1 and s.handled == 1)
        dead = dlq.collect(at_least=1)

    assert runtime.stats.retries == 2
    assert len(dead) == 1
    headers = {k: v.decode() for k, v in dead[0].headers() or []}
    assert "the handler is broken" in headers["dlq.error"]
    assert headers["dlq.error_type"] == "RuntimeError"
    assert headers["dlq.attempts"] == "3"
    assert headers["dlq.source_topic"] == topic
    assert dead[0].value() == broken.model_dump_json().encode()
    # the failed attempts left nothing behind; the next message was handled
    rows = await _count(engine, select(func.count()).select_from(effects))
    assert rows == 1
    notes = select(effects.c.note).where(effects.c.event_id == str(healthy.event_id))
    async with engine.connect() as conn:
        assert (await conn.execute(notes)).scalar_one() == "seen"


async def test_unknown_event_types_are_skipped_and_counted(
    engine: AsyncEngine, kafka_bootstrap: str
) -> None:
    topic = unique_topic(kafka_bootstrap)
    not_in_catalog = _registered().model_copy(update={"event_type": "user.teleported"})
    _produce(kafka_bootstrap, topic, [_verified(), not_in_catalog, _registered()])
    runtime = _runtime(engine, kafka_bootstrap, topic, {"user.registered": _record_effect})

    await _run_until(runtime, lambda s: s.handled == 1 and s.skipped_unknown == 2)

    assert runtime.stats.dead_lettered == 0
    assert await _count(engine, select(func.count()).select_from(effects)) == 1


async def test_a_message_that_is_not_an_event_goes_to_the_dlq_at_once(
    engine: AsyncEngine, kafka_bootstrap: str
) -> None:
    topic = unique_topic(kafka_bootstrap)
    calls: list[str] = []

    async def count_calls(event: Event[Any], uow: UnitOfWork) -> None:
        calls.append(event.event_type)

    handler: Callable[[Event[Any], UnitOfWork], Awaitable[None]] = count_calls
    with TopicTail(kafka_bootstrap, topic + ".dlq") as dlq:
        _produce(kafka_bootstrap, topic, [b"{not json", _registered()])
        runtime = _runtime(engine, kafka_bootstrap, topic, {"user.registered": handler})
        await _run_until(runtime, lambda s: s.dead_lettered == 1 and s.handled == 1)
        dead = dlq.collect(at_least=1)

    assert runtime.stats.retries == 0
    assert dead[0].value() == b"{not json"
    assert calls == ["user.registered"]


async def test_one_aggregates_events_apply_in_order_while_different_aggregates_overlap(
    engine: AsyncEngine, kafka_bootstrap: str
) -> None:
    topic = unique_topic(kafka_bootstrap, partitions=1)  # one partition: order is all Kafka gives
    first, second = uuid4(), uuid4()
    envelopes = []
    for sequence in range(6):
        for user_id in (first, second):
            payload = UserLogin(
                user_id=user_id,
                role="customer",
                ip_address=None,
                user_agent=f"seq-{sequence}",
                logged_in_at=datetime.now(UTC),
            )
            envelopes.append(build_envelope(payload, aggregate_id=user_id, producer="auth"))
    applied: list[tuple[str, str]] = []
    running = 0
    overlapped = False

    async def slow_record(event: Event[Any], uow: UnitOfWork) -> None:
        nonlocal running, overlapped
        running += 1
        overlapped = overlapped or running > 1
        await asyncio.sleep(0.02)
        applied.append((event.envelope.aggregate_id, event.payload.user_agent))
        running -= 1

    _produce(kafka_bootstrap, topic, list(envelopes))
    runtime = _runtime(engine, kafka_bootstrap, topic, {"user.login": slow_record})
    await _run_until(runtime, lambda s: s.handled == 12)

    for user_id in (first, second):
        seen = [agent for aggregate, agent in applied if aggregate == str(user_id)]
        assert seen == [f"seq-{n}" for n in range(6)], "one aggregate's events stay in order"
    assert overlapped, "events of different aggregates were applied side by side"


async def test_a_batch_handler_gets_every_new_event_once_in_kafka_order(
    engine: AsyncEngine, kafka_bootstrap: str
) -> None:
    topic = unique_topic(kafka_bootstrap, partitions=1)
    seen_before, first, second = _registered(), _registered(), _registered()
    # a consumer applied `seen_before` already (its inbox row exists)
    async with engine.begin() as conn:
        await conn.execute(
            insert(processed_events).values(
                event_id=seen_before.event_id, consumer="test-consumer", event_type="x"
            )
        )
    batches: list[list[str]] = []

    async def record_batch(events: Sequence[Event[Any]], uow: UnitOfWork) -> None:
        batches.append([str(e.event_id) for e in events])
        rows = [{"event_id": str(e.event_id), "note": "batch"} for e in events]
        await uow.session.execute(insert(effects), rows)

    _produce(kafka_bootstrap, topic, [first, seen_before, first, second, second])
    runtime = _runtime(
        engine,
        kafka_bootstrap,
        topic,
        {"user.registered": _record_effect},
        batch_handler=record_batch,
    )
    await _run_until(runtime, lambda s: s.handled + s.duplicates == 5)

    assert (runtime.stats.handled, runtime.stats.duplicates) == (2, 3)
    assert [event for batch in batches for event in batch] == [
        str(first.event_id),
        str(second.event_id),
    ]
    async with engine.connect() as conn:
        notes = (await conn.execute(select(effects.c.note))).scalars().all()
    assert notes == ["batch", "batch"]  # the per-event handler was not used
    claimed = select(func.count()).select_from(processed_events)
    assert await _count(engine, claimed) == 3


async def test_a_failing_batch_is_applied_one_event_at_a_time_and_the_poison_dead_lettered(
    engine: AsyncEngine, kafka_bootstrap: str
) -> None:
    topic = unique_topic(kafka_bootstrap, partitions=1)
    healthy, broken, also_healthy = _registered(), _login(), _registered()

    async def all_or_nothing(events: Sequence[Event[Any]], uow: UnitOfWork) -> None:
        rows = [{"event_id": str(e.event_id), "note": "batch"} for e in events]
        await uow.session.execute(insert(effects), rows)
        if any(e.event_type == "user.login" for e in events):
            raise RuntimeError("the batch is broken")

    with TopicTail(kafka_bootstrap, topic + ".dlq") as dlq:
        _produce(kafka_bootstrap, topic, [healthy, broken, also_healthy])
        runtime = _runtime(
            engine,
            kafka_bootstrap,
            topic,
            {"user.login": _always_fail, "user.registered": _record_effect},
            batch_handler=all_or_nothing,
            max_attempts=2,
            backoff_seconds=0.01,
        )
        await _run_until(runtime, lambda s: s.dead_lettered == 1 and s.handled == 2)
        dead = dlq.collect(at_least=1)

    assert runtime.stats.batch_fallbacks >= 1
    assert dead[0].value() == broken.model_dump_json().encode()
    async with engine.connect() as conn:
        rows = (await conn.execute(select(effects.c.event_id, effects.c.note))).all()
    # the failed batch left nothing; each healthy event was applied once, by its own handler
    # (or by a later batch without the poison in it)
    assert sorted(event_id for event_id, _ in rows) == sorted(
        [str(healthy.event_id), str(also_healthy.event_id)]
    )
