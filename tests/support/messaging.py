"""The notification app and the messaging sandbox in-process, wired to each other: provider
calls go to the sandbox through ASGI (SMTP over a real socket on a free port), receipts come back
to the app through ASGI. Shared by the notification and auth integration tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

import httpx
from confluent_kafka import Producer
from fastapi import FastAPI
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.events.envelope import Envelope, parse_event
from api.kit import inbox
from api.kit.consumer import BatchHandler, ConsumerRuntime, apply_batch
from api.kit.db import make_async_engine, make_session_factory
from api.kit.numbering import WIB
from api.kit.uow import UnitOfWorkFactory
from api.notification import app as notification_app
from api.notification.consumers import Context, make_batch_handler, make_handlers
from api.notification.jobs import DeliveryJob
from api.notification.providers.registry import Providers, build_providers
from api.notification.service import receipts
from api.notification.service.messages import QuietHours
from api.notification.service.resolve import Directory
from api.notification.settings import NotificationSettings, get_settings
from lakoo.sandboxes.messages import MessagesSandboxSettings, create_messages_sandbox
from tests.support.kafka import unique_topic
from tests.support.processes import free_port
from tests.support.services import app_client, migrated_database


@dataclass
class Messaging:
    """The app's client, the sandbox's client, and what they were built with."""

    client: httpx.AsyncClient
    sandbox: httpx.AsyncClient
    sandbox_app: FastAPI
    app: FastAPI
    settings: NotificationSettings
    providers: Providers
    uow_factory: UnitOfWorkFactory
    delivery: DeliveryJob
    engine: AsyncEngine
    handlers: dict[str, Any] = field(default_factory=dict)
    batch_handler: BatchHandler | None = None

    def set_time(self, moment: datetime) -> None:
        """Move the service's clock (routes, consumers and the delivery job) to ``moment``."""
        self.settings.clock_offset_seconds = (moment - datetime.now(moment.tzinfo)).total_seconds()

    def advance(self, **delta: float) -> None:
        self.settings.clock_offset_seconds += timedelta(**delta).total_seconds()

    async def consume(self, envelope: Envelope, *, through_inbox: bool = True) -> bool:
        """Apply one event as the consumer runtime does (inbox claim + handler, one transaction);
        False when it had been applied before. ``through_inbox=False`` skips the inbox (a replay
        by another consumer group reaches the handler itself)."""
        event = parse_event(envelope.model_dump_json())
        async with self.uow_factory() as uow:
            if through_inbox and not await inbox.claim(
                uow.session,
                event_id=event.event_id,
                consumer="notification",
                event_type=event.event_type,
            ):
                return False
            await self.handlers[event.event_type](event, uow)
            await uow.commit()
        return True

    async def consume_batch(self, envelopes: list[Envelope]) -> int:
        """Apply ``envelopes`` as the worker applies a fetched batch (the kit's ``apply_batch``:
        one inbox claim, the batch handler, one transaction); how many were new."""
        assert self.batch_handler is not None
        parsed = [parse_event(e.model_dump_json()) for e in envelopes]
        fresh = await apply_batch(
            self.uow_factory, self.batch_handler, parsed, consumer="notification"
        )
        return len(fresh)

    async def deliver(self) -> int:
        """Run the delivery job once (and wait for the sandbox's receipts to land)."""
        tried = await self.delivery(self.uow_factory, self.settings)
        await self.sandbox_app.state.receipts.drain()
        # receipts that overtook the record of their send: the worker's next round applies them
        async with self.uow_factory() as uow:
            await receipts.apply_stray(uow, now=self.settings.now())
            await uow.commit()
        return tried

    async def received(self, **query: str) -> list[dict[str, Any]]:
        response = await self.sandbox.get("/api/messages", params=query)
        assert response.status_code == 200
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    async def fail(self, rate: float, provider: str = "all") -> None:
        response = await self.sandbox.post(
            "/sandbox/failures", json={"provider": provider, "rate": rate}
        )
        assert response.status_code == 200

    async def scalar(self, sql: str, **params: Any) -> Any:
        async with self.uow_factory() as uow:
            return (await uow.session.execute(text(sql), params)).scalar()

    async def rows(self, sql: str, **params: Any) -> list[Any]:
        async with self.uow_factory() as uow:
            return list((await uow.session.execute(text(sql), params)).all())

    async def count(self, table: Any, *where: Any) -> int:
        async with self.uow_factory() as uow:
            query = select(func.count()).select_from(table)
            for clause in where:
                query = query.where(clause)
            return int((await uow.session.execute(query)).scalar_one())


def wib(hour: int, minute: int = 0, *, days: int = 0) -> datetime:
    """Today (in Jakarta) at ``hour:minute`` WIB, ``days`` later."""
    today = datetime.now(WIB).date() + timedelta(days=days)
    return datetime.combine(today, time(hour, minute), tzinfo=WIB)


@asynccontextmanager
async def messaging(
    database_url: str, *, directory: Directory | None = None, **overrides: Any
) -> AsyncIterator[Messaging]:
    """A migrated notification database, the app and the sandbox, wired in-process; recipients
    not learnt from ``user.*`` are resolved through ``directory`` only if one is given."""
    migrated_database("notification", database_url)
    smtp_port = free_port()
    settings = get_settings().model_copy(
        update={
            "database_url": database_url,
            "smtp_port": smtp_port,
            "sendgrid_base_url": "http://sandbox",
            "twilio_base_url": "http://sandbox",
            "vonage_base_url": "http://sandbox",
            "whatsapp_base_url": "http://sandbox",
            "fcm_base_url": "http://sandbox",
            "fcm_token_url": "http://sandbox/token",
            "public_base_url": "http://notification",
            "retry_base_seconds": 30.0,
            **overrides,
        }
    )
    app = notification_app.create_app(settings=settings)
    sandbox_app = create_messages_sandbox(
        MessagesSandboxSettings(
            smtp_port=smtp_port,
            webhook_base_url="http://notification/webhooks/messages",
            receipt_delay_seconds=0,
        ),
        webhook_transport=httpx.ASGITransport(app=app),
    )
    providers = build_providers(settings, transport=httpx.ASGITransport(app=sandbox_app))
    app.state.providers = providers
    engine = make_async_engine(database_url, pool_size=3)
    try:
        async with (
            sandbox_app.router.lifespan_context(sandbox_app),
            app_client(app) as client,
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=sandbox_app), base_url="http://sandbox"
            ) as sandbox_client,
        ):
            uow_factory = UnitOfWorkFactory(make_session_factory(engine), producer="notification")
            context = Context(
                now=settings.now,
                quiet=QuietHours(settings.quiet_start_hour, settings.quiet_end_hour),
            )
            harness = Messaging(
                client=client,
                sandbox=sandbox_client,
                sandbox_app=sandbox_app,
                app=app,
                settings=settings,
                providers=providers,
                uow_factory=uow_factory,
                delivery=DeliveryJob(providers, directory=directory, resolve=False),
                engine=engine,
                handlers=make_handlers(context),
                batch_handler=make_batch_handler(context),
            )
            # daytime in Jakarta unless a test says otherwise: quiet hours hold messages back
            harness.set_time(wib(10))
            yield harness
    finally:
        await engine.dispose()


async def consume_from_kafka(
    h: Messaging, bootstrap: str, envelopes: list[Envelope], *, until: int, deliver: bool = True
) -> ConsumerRuntime:
    """Produce ``envelopes`` to a topic of the test's own and run the real consumer runtime on
    it until ``until`` events were handled or skipped as duplicates (delivering meanwhile, and
    once more after the last one, so whatever they queued has had a delivery round)."""
    topic = unique_topic(bootstrap, "notify")
    runtime = ConsumerRuntime(
        consumer_name="notification",
        handlers=h.handlers,
        batch_handler=h.batch_handler,
        uow_factory=h.uow_factory,
        bootstrap=bootstrap,
        group_id=f"notification-{topic}",
        topics=[topic],
    )
    producer = Producer({"bootstrap.servers": bootstrap})
    for envelope in envelopes:
        producer.produce(
            topic, key=envelope.aggregate_id, value=envelope.model_dump_json().encode()
        )
    producer.flush(10)
    stop = asyncio.Event()
    task = asyncio.create_task(runtime.run(stop))
    try:
        deadline = asyncio.get_running_loop().time() + 30
        while runtime.stats.handled + runtime.stats.duplicates < until:
            assert asyncio.get_running_loop().time() < deadline, runtime.stats
            if deliver:
                await h.deliver()
            await asyncio.sleep(0.1)
        if deliver:  # one batch may have brought everything in since the last round
            await h.deliver()
    finally:
        stop.set()
        await task
    return runtime
