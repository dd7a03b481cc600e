"""Outbox atomicity: rolled-back work leaves no event; committed work reaches Kafka, valid."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from sqlalchemy import func, select

from api.events import UserRegistered, parse_event
from api.kit.db import make_async_engine, make_session_factory
from api.kit.tables import outbox
from api.kit.uow import UnitOfWorkFactory
from ingestion.relay import OutboxRelay, RelayConfig
from tests.support.kafka import TopicTail


def _registered(email: str) -> UserRegistered:
    return UserRegistered(
        user_id=uuid4(),
        email=email,
        phone=None,
        full_name="Siti Rahma",
        role="customer",
        status="pending_verification",
        registered_at=datetime.now(UTC),
    )


async def _outbox_count(uow_factory: UnitOfWorkFactory) -> int:
    async with uow_factory() as uow:
        return (await uow.session.execute(select(func.count()).select_from(outbox))).scalar_one()


async def test_rolled_back_work_leaves_no_event(kit_database: str) -> None:
    engine = make_async_engine(kit_database)
    uow_factory = UnitOfWorkFactory(make_session_factory(engine), producer="auth")
    try:
        async with uow_factory() as uow:
            await uow.outbox.add(_registered("a@example.id"), aggregate_id=uuid4())
            await uow.rollback()
        async with uow_factory() as uow:
            await uow.outbox.add(_registered("b@example.id"), aggregate_id=uuid4())
            # leaving without commit is a rollback too
        with pytest.raises(RuntimeError):
            async with uow_factory() as uow:
                await uow.outbox.add(_registered("c@example.id"), aggregate_id=uuid4())
                raise RuntimeError("the change failed")
        assert await _outbox_count(uow_factory) == 0
    finally:
        await engine.dispose()


async def test_committed_event_reaches_kafka_with_a_catalog_valid_envelope(
    kit_database: str, kafka_bootstrap: str
) -> None:
    engine = make_async_engine(kit_database)
    uow_factory = UnitOfWorkFactory(make_session_factory(engine), producer="auth")
    user_id = uuid4()
    correlation_id = uuid4()
    payload = _registered("siti@example.id")
    with TopicTail(kafka_bootstrap, UserRegistered.topic) as tail:
        async with uow_factory() as uow:
            event_id = await uow.outbox.add(
                payload, aggregate_id=user_id, correlation_id=correlation_id
            )
            await uow.commit()
        await engine.dispose()

        relay = OutboxRelay(
            name="test",
            dsn=kit_database,
            bootstrap=kafka_bootstrap,
            config=RelayConfig(poll_interval=0.1),
        )
        stop = threading.Event()
        thread = threading.Thread(target=relay.run, args=(stop,))
        thread.start()
        try:
            messages = tail.collect(at_least=1)
        finally:
            stop.set()
            thread.join()

    ours = [m for m in messages if dict(m.headers() or [])["event_id"] == str(event_id).encode()]
    assert len(ours) == 1
    message = ours[0]
    assert message.key() == str(user_id).encode()
    assert dict(message.headers() or [])["event_type"] == b"user.registered"
    event = parse_event(message.value() or b"")
    assert event.event_id == event_id
    assert event.envelope.aggregate_id == str(user_id)
    assert event.envelope.aggregate_type == "user"
    assert event.envelope.producer == "auth"
    assert event.envelope.correlation_id == correlation_id
    assert event.envelope.event_version == 1
    assert event.payload == payload
    assert relay.published == 1
