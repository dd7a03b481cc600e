"""A shipment made from ``order.paid`` (real Kafka, the consumer runtime) advances through the
Biteship sandbox to ``delivered``, each ``shipment.*`` event published once."""

from __future__ import annotations

import asyncio
import threading

import orjson
from confluent_kafka import Producer
from sqlalchemy import select

from api.kit.consumer import ConsumerRuntime
from api.kit.db import libpq_url
from api.logistic.consumers import make_handlers
from api.logistic.models import Shipment
from ingestion.relay import OutboxRelay, RelayConfig
from lakoo.runtime.kafka import ensure_topics
from tests.integration.logistic.conftest import Harness, order_envelopes
from tests.support.kafka import TopicTail, unique_topic
from tests.support.services import as_user


async def _wait_for_shipment(h: Harness, order_id: str, timeout: float = 30.0) -> Shipment:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        async with h.uow_factory() as uow:
            shipment = (
                await uow.session.scalars(select(Shipment).where(Shipment.order_id == order_id))
            ).first()
            if shipment is not None:
                uow.session.expunge(shipment)
                return shipment
        assert asyncio.get_running_loop().time() < deadline, "no shipment was booked"
        await asyncio.sleep(0.2)


async def test_shipment_from_order_paid_advances_to_delivered_publishing_each_step_once(
    harness: Harness, logistic_db: str, kafka_bootstrap: str
) -> None:
    topic = unique_topic(kafka_bootstrap, "order")
    ensure_topics(kafka_bootstrap, ["shipment.events", "shipment.events.dlq"])
    runtime = ConsumerRuntime(
        consumer_name="logistic",
        handlers=make_handlers(harness.courier, harness.settings),
        uow_factory=harness.uow_factory,
        bootstrap=kafka_bootstrap,
        group_id=f"logistic-{topic}",
        topics=[topic],
    )
    relay = OutboxRelay(
        name="logistic",
        dsn=libpq_url(logistic_db),
        bootstrap=kafka_bootstrap,
        config=RelayConfig(poll_interval=0.1),
    )
    stop_relay, stop_consumer = threading.Event(), asyncio.Event()
    relay_thread = threading.Thread(target=relay.run, args=(stop_relay,))
    relay_thread.start()
    consumer = asyncio.create_task(runtime.run(stop_consumer))
    created, paid = order_envelopes()
    order_id = str(paid.aggregate_id)
    try:
        with TopicTail(kafka_bootstrap, "shipment.events") as tail:
            producer = Producer({"bootstrap.servers": kafka_bootstrap})
            # order.paid twice: the redelivery must not book a second pickup
            for envelope in (created, paid, paid):
                producer.produce(topic, key=order_id, value=envelope.model_dump_json().encode())
            producer.flush(10)
            shipment = await _wait_for_shipment(harness, order_id)
            assert shipment.status == "booked" and shipment.weight_grams == 1_000

            statuses = []
            for _ in range(5):  # allocated, picking_up, picked, dropping_off, delivered
                advanced = await harness.sandbox.post(
                    f"/sandbox/orders/{shipment.courier_order_id}/advance"
                )
                assert advanced.status_code == 200 and advanced.json()["webhook_status"] == 200
                statuses.append(advanced.json()["status"])
            assert statuses[-1] == "delivered"
            messages = tail.collect(at_least=4, timeout=30, settle=2.0)
    finally:
        stop_consumer.set()
        await consumer
        stop_relay.set()
        relay_thread.join()

    events = [orjson.loads(m.value()) for m in messages]
    mine = [e["event_type"] for e in events if e["payload"]["order_id"] == order_id]
    assert sorted(mine) == sorted(
        ["shipment.created", "shipment.picked_up", "shipment.in_transit", "shipment.delivered"]
    )
    assert runtime.stats.handled == 2 and runtime.stats.duplicates == 1

    owner = as_user(user_id=shipment.user_id)
    tracking = await harness.client.get(f"/api/shipments/{shipment.id}/tracking", headers=owner)
    assert tracking.status_code == 200
    assert tracking.json()["status"] == "delivered"
    assert [h["status"] for h in tracking.json()["history"]] == [
        "pending",
        "booked",
        "picked_up",
        "in_transit",
        "delivered",
    ]
