"""A reservation's life after checkout: expiry by the job, confirmation through Kafka, release."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from uuid import UUID, uuid4

import httpx
import pytest
from confluent_kafka import Producer
from sqlalchemy.ext.asyncio import AsyncEngine

from api.events import OrderCancelled, OrderShipped, PaymentPaid, build_envelope
from api.events.values import OrderShare
from api.kit.consumer import ConsumerRuntime
from api.kit.db import make_session_factory
from api.kit.uow import UnitOfWorkFactory
from api.warehouse import consumers, jobs
from api.warehouse.settings import get_settings
from tests.integration.warehouse.conftest import INTERNAL, count, register, reserve, stock_of
from tests.support.kafka import unique_topic


@pytest.fixture
def uow_factory(engine: AsyncEngine) -> UnitOfWorkFactory:
    return UnitOfWorkFactory(make_session_factory(engine), producer="warehouse")


async def test_an_unpaid_reservation_expires_and_its_stock_returns(
    client: httpx.AsyncClient,
    engine: AsyncEngine,
    uow_factory: UnitOfWorkFactory,
    warehouse_db: str,
) -> None:
    variant = await register(client, stock=10)
    assert (await reserve(client, [(variant, 4)])).status_code == 201
    assert (await stock_of(client, variant))["available"] == 6

    def at(minutes: int) -> object:
        return get_settings().model_copy(
            update={"database_url": warehouse_db, "clock_offset_seconds": minutes * 60}
        )

    # 30 min payment window + 5 min grace: at 34 minutes it still holds
    assert await jobs.expire_reservations(uow_factory, at(34)) == 0  # type: ignore[arg-type]
    assert (await stock_of(client, variant))["available"] == 6

    assert await jobs.expire_reservations(uow_factory, at(36)) == 1  # type: ignore[arg-type]
    stock = await stock_of(client, variant)
    assert (stock["available"], stock["reserved"]) == (10, 0)
    assert await count(engine, "reservations", "status = 'expired'") == 1
    released = "event_type = 'inventory.released' AND payload->>'reason' = 'reservation_expired'"
    assert await count(engine, "outbox", released) == 1
    # a second run finds nothing left to expire
    assert await jobs.expire_reservations(uow_factory, at(60)) == 0  # type: ignore[arg-type]


def _paid(checkout_id: UUID, order_id: UUID) -> bytes:
    payload = PaymentPaid(
        payment_id=uuid4(),
        payment_number="PAY-20261124-00001",
        checkout_id=checkout_id,
        user_id=uuid4(),
        amount=150_000,
        currency="IDR",
        invoice_id="inv-1",
        orders=[OrderShare(order_id=order_id, seller_id=None, total=150_000)],
        gateway_fee=4_500,
        net_amount=145_500,
        method="qris",
        channel=None,
        paid_at=datetime.now(UTC),
    )
    envelope = build_envelope(payload, aggregate_id=payload.payment_id, producer="payment")
    return envelope.model_dump_json().encode()


@pytest.fixture
async def runtime(
    kafka_bootstrap: str, uow_factory: UnitOfWorkFactory
) -> AsyncIterator[tuple[ConsumerRuntime, str]]:
    topic = unique_topic(kafka_bootstrap, "warehouse-test")
    runtime = ConsumerRuntime(
        consumer_name="warehouse",
        handlers=consumers.HANDLERS,
        uow_factory=uow_factory,
        bootstrap=kafka_bootstrap,
        group_id=f"warehouse-{uuid4().hex}",
        topics=[topic],
    )
    yield runtime, topic


async def _run(runtime: ConsumerRuntime, until: int, timeout: float = 45.0) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(runtime.run(stop))
    try:
        async with asyncio.timeout(timeout):
            while runtime.stats.handled + runtime.stats.duplicates < until:
                await asyncio.sleep(0.1)
    finally:
        stop.set()
        await task


async def test_payment_paid_delivered_twice_confirms_once(
    client: httpx.AsyncClient,
    engine: AsyncEngine,
    kafka_bootstrap: str,
    runtime: tuple[ConsumerRuntime, str],
) -> None:
    consumer, topic = runtime
    variant = await register(client, stock=5)
    checkout_id, order_id = uuid4(), uuid4()
    assert (
        await reserve(client, [(variant, 2)], checkout_id=checkout_id, order_id=order_id)
    ).status_code == 201

    message = _paid(checkout_id, order_id)
    producer = Producer({"bootstrap.servers": kafka_bootstrap})
    for _ in range(2):  # the same event (same event_id) delivered twice
        producer.produce(topic, value=message, key=str(checkout_id).encode())
    assert producer.flush(10) == 0

    await _run(consumer, until=2)

    assert (consumer.stats.handled, consumer.stats.duplicates) == (1, 1)
    assert await count(engine, "reservations", "status = 'confirmed'") == 1
    assert await count(engine, "outbox", "event_type = 'inventory.confirmed'") == 1
    assert await count(engine, "processed_events", "consumer = 'warehouse'") == 1
    stock = await stock_of(client, variant)
    assert (stock["on_hand"], stock["reserved"]) == (5, 2)  # confirming moves no stock


async def test_shipping_deducts_and_cancelling_releases(
    client: httpx.AsyncClient,
    engine: AsyncEngine,
    kafka_bootstrap: str,
    runtime: tuple[ConsumerRuntime, str],
) -> None:
    consumer, topic = runtime
    variant = await register(client, stock=10)
    shipped_order, cancelled_order, checkout = uuid4(), uuid4(), uuid4()
    response = await client.post(
        "/internal/reservations",
        json={
            "checkout_id": str(checkout),
            "items": [
                {"order_id": str(shipped_order), "variant_id": str(variant), "quantity": 3},
                {"order_id": str(cancelled_order), "variant_id": str(variant), "quantity": 2},
            ],
        },
        headers=INTERNAL,
    )
    assert response.status_code == 201, response.text
    now = datetime.now(UTC)
    common = {"checkout_id": checkout, "user_id": uuid4(), "seller_id": None, "fulfilment": "house"}
    shipped = OrderShipped(
        order_id=shipped_order,
        order_number="ORD-20261124-00001",
        **common,
        shipment_id=uuid4(),
        courier="jne",
        tracking_number=None,
        shipped_at=now,
    )
    cancelled = OrderCancelled(
        order_id=cancelled_order,
        order_number="ORD-20261124-00002",
        **common,
        previous_status="pending_payment",
        reason="customer",
        cancelled_by=None,
        total=1,
        refund_required=False,
        cancelled_at=now,
    )
    producer = Producer({"bootstrap.servers": kafka_bootstrap})
    for payload, key in ((shipped, shipped_order), (cancelled, cancelled_order)):
        envelope = build_envelope(payload, aggregate_id=key, producer="order")
        producer.produce(topic, value=envelope.model_dump_json().encode(), key=str(key).encode())
    assert producer.flush(10) == 0

    await _run(consumer, until=2)

    stock = await stock_of(client, variant)
    assert (stock["on_hand"], stock["reserved"], stock["available"]) == (7, 0, 7)
    assert await count(engine, "reservations", "status = 'fulfilled'") == 1
    assert await count(engine, "reservations", "status = 'released'") == 1
    assert await count(engine, "outbox", "event_type = 'inventory.fulfilled'") == 1
