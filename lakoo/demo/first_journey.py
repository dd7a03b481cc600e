"""The first journey: a shopper signs up through the gateway and the event reaches Kafka.

It exercises every layer the foundation gives the services: gateway (JWT, trusted headers),
auth (outbox in the same transaction), the relay (outbox → Kafka) and the event catalog.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import uuid4

import httpx
from confluent_kafka import Consumer, TopicPartition

from api.events import UserRegistered, parse_event
from api.kit.settings import CommonSettings
from api.kit.topology import GATEWAY_PORT

if TYPE_CHECKING:
    from lakoo.demo.context import Demo

PASSWORD = "batik-parang-2026"


@dataclass(frozen=True)
class JourneyResult:
    email: str
    user_id: str
    role: str
    event_seconds: float


def _tail(bootstrap: str, topic: str) -> Consumer:
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"demo-{uuid4().hex}",
            "enable.auto.commit": False,
        }
    )
    partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
    ends = [
        TopicPartition(topic, p, consumer.get_watermark_offsets(TopicPartition(topic, p), 10)[1])
        for p in partitions
    ]
    consumer.assign(ends)
    return consumer


def sign_up_and_watch_the_event(timeout: float = 30.0) -> JourneyResult:
    """Register, log in and read ``/me`` through the gateway; wait for ``user.registered``."""
    settings = CommonSettings()
    email = f"siti.{uuid4().hex[:6]}@example.id"
    consumer = _tail(settings.kafka_bootstrap_servers, UserRegistered.topic)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{GATEWAY_PORT}", timeout=10) as client:
            registered = client.post(
                "/api/auth/register",
                json={"email": email, "password": PASSWORD, "full_name": "Siti Rahma"},
            )
            registered.raise_for_status()
            started = time.monotonic()
            tokens = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
            tokens.raise_for_status()
            bearer = {"Authorization": f"Bearer {tokens.json()['access_token']}"}
            me = client.get("/api/auth/me", headers=bearer)
            me.raise_for_status()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in consumer.consume(100, 0.2):
                if message.error() is not None:
                    continue
                event = parse_event(message.value() or b"")
                if isinstance(event.payload, UserRegistered) and event.payload.email == email:
                    return JourneyResult(
                        email=email,
                        user_id=me.json()["id"],
                        role=me.json()["role"],
                        event_seconds=time.monotonic() - started,
                    )
        raise RuntimeError(f"user.registered for {email} did not reach Kafka in {timeout:.0f} s")
    finally:
        consumer.close()


def run(demo: Demo) -> None:
    """The demo's step: the first journey, told in one line."""
    journey = sign_up_and_watch_the_event()
    demo.results["journey"] = journey  # the messages' steps follow this shopper
    demo.console.print(
        f"registered {journey.email} (id {journey.user_id}, role {journey.role}); logged in; "
        f"/api/auth/me answered; user.registered reached Kafka "
        f"{journey.event_seconds * 1000:.0f} ms after login began"
    )
