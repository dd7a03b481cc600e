"""The support service in-process on a fresh database, with the handles its tests need.

Events it consumes are applied through its real handler table inside a unit of work (with the
inbox claim the consumer runtime makes); one test runs the real Kafka consumer runtime too.
The clock moves by setting ``clock_offset_seconds`` on the app's settings: nothing sleeps.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import UUID, uuid4

from api.events import EventPayload, UserRoleChanged, build_envelope
from api.kit.auth import Role
from api.kit.consumer import ConsumerRuntime
from api.kit.db import make_async_engine, make_session_factory, make_sync_engine
from api.kit.uow import UnitOfWorkFactory
from api.support.app import create_app
from api.support.consumers import HANDLERS
from api.support.settings import SupportSettings, get_settings
from tests.support.databases import create_database, drop_database
from tests.support.kafka import deliver_through_runtime, unique_topic
from tests.support.services import (
    ServiceUnderTest,
    app_client,
    apply_event,
    as_user,
    migrated_database,
)


@dataclass
class Desk(ServiceUnderTest):
    settings: SupportSettings

    TABLES: ClassVar[tuple[str, ...]] = (
        "tickets",
        "ticket_messages",
        "ticket_pauses",
        "faqs",
        "agents",
        "refunds_paid",
        "outbox",
    )

    async def deliver(self, payload: EventPayload, aggregate_id: UUID | str) -> None:
        """Apply one event through the service's handler table, as the consumer runtime does."""
        await apply_event(
            self.uows, HANDLERS, payload, aggregate_id=aggregate_id, consumer="support"
        )

    async def deliver_via_kafka(
        self, bootstrap: str, events: list[tuple[EventPayload, UUID]]
    ) -> ConsumerRuntime:
        """Produce the events to a topic of their own and run the real consumer runtime on them."""
        envelopes = [
            build_envelope(payload, aggregate_id=aggregate_id, producer="test")
            for payload, aggregate_id in events
        ]
        return await deliver_through_runtime(
            envelopes,
            bootstrap=bootstrap,
            topic=unique_topic(bootstrap, prefix="support"),
            consumer_name="support",
            handlers=HANDLERS,
            uow_factory=self.uows,
        )

    async def agent(
        self,
        categories: list[str],
        *,
        lead: bool = False,
        available: bool = True,
        user_id: UUID | None = None,
    ) -> UUID:
        """A user made a support agent (auth's event), then given queues by an admin."""
        user_id = user_id or uuid4()
        await self.deliver(
            UserRoleChanged(
                user_id=user_id,
                old_role="customer",
                new_role="support_agent",
                changed_by=None,
                changed_at=datetime.now(UTC),
            ),
            user_id,
        )
        r = await self.client.put(
            f"/api/support/agents/{user_id}",
            headers=self.admin,
            json={"categories": categories, "is_lead": lead, "available": available},
        )
        assert r.status_code == 200, r.text
        return user_id

    async def open(
        self,
        customer: UUID,
        *,
        category: str = "shipping",
        message: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        body = {
            "subject": "Paket belum sampai",
            "category": category,
            "message": message or "Pesanan saya sudah seminggu belum datang, tolong dicek.",
            **extra,
        }
        r = await self.client.post(
            "/api/support/tickets", headers=as_user(Role.customer, customer), json=body
        )
        assert r.status_code == 201, r.text
        return dict(r.json())


@asynccontextmanager
async def desk(postgres_url: str, **overrides: Any) -> AsyncIterator[Desk]:
    """The support app on its own fresh database (dropped afterwards)."""
    url = migrated_database("support", create_database(postgres_url, "support"))
    settings = get_settings().model_copy(update={"database_url": url, **overrides})
    engine = make_sync_engine(url)
    async_engine = make_async_engine(url, pool_size=4)
    try:
        async with app_client(create_app(settings)) as client:
            yield Desk(
                client=client,
                db=engine,
                uows=UnitOfWorkFactory(make_session_factory(async_engine), producer="support"),
                settings=settings,
                admin=as_user(Role.admin),
            )
    finally:
        await async_engine.dispose()
        engine.dispose()
        drop_database(postgres_url, url)
