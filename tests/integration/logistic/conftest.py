"""Fixtures of the logistic's integration tests: the logistic app and the Biteship sandbox,
both in-process and wired to each other (API calls one way, signed webhooks back)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx
import pytest
from sqlalchemy import func, select

from api.events.envelope import Envelope, build_envelope, parse_event
from api.events.order import OrderCreated, OrderPaid
from api.events.values import AddressSnapshot, OrderItemSnapshot
from api.kit.uow import UnitOfWorkFactory
from api.logistic import app as logistic_app
from api.logistic.biteship import BiteshipClient
from lakoo.sandboxes.biteship import BiteshipSandboxSettings, create_biteship_sandbox
from tests.support.services import app_and_sandbox, migrated_database


@dataclass
class Harness:
    """The logistic app's client, the sandbox's client, and what both were built with."""

    client: httpx.AsyncClient
    sandbox: httpx.AsyncClient
    settings: logistic_app.LogisticSettings
    courier: BiteshipClient
    uow_factory: UnitOfWorkFactory


@pytest.fixture
def logistic_db(fresh_database: str) -> str:
    """A fresh database with the logistic migrations applied."""
    return migrated_database("logistic", fresh_database)


@pytest.fixture
async def harness(logistic_db: str) -> AsyncIterator[Harness]:
    """Logistic app ⇄ Biteship sandbox, in-process."""
    settings = logistic_app.get_settings().model_copy(update={"database_url": logistic_db})
    app = logistic_app.create_app(settings=settings)
    sandbox = create_biteship_sandbox(
        BiteshipSandboxSettings(
            api_key=settings.biteship_api_key.get_secret_value(),
            webhook_secret=settings.biteship_webhook_secret.get_secret_value(),
            webhook_url="http://logistic/webhooks/biteship",
        ),
        webhook_transport=httpx.ASGITransport(app=app),
    )
    courier = BiteshipClient(
        "http://biteship",
        api_key=settings.biteship_api_key.get_secret_value(),
        transport=httpx.ASGITransport(app=sandbox),
    )
    app.state.biteship = courier
    async with app_and_sandbox(
        app,
        sandbox,
        sandbox_url="http://biteship",
        database_url=logistic_db,
        producer="logistic",
        pool_size=3,
    ) as (client, sandbox_client, uow_factory):
        yield Harness(client, sandbox_client, settings, courier, uow_factory)


def order_envelopes(
    quantity: int = 2, weight_grams: int | None = None
) -> tuple[Envelope, Envelope]:
    """``order.created`` then ``order.paid`` of one house order shipping to Gambir."""
    order_id, checkout_id, user_id = uuid4(), uuid4(), uuid4()
    now = datetime.now(UTC)
    common: dict[str, Any] = {
        "order_id": order_id,
        "order_number": f"ORD-20261124-{order_id.hex[:5].upper()}",
        "checkout_id": checkout_id,
        "user_id": user_id,
        "seller_id": None,
        "fulfilment": "house",
    }
    item = OrderItemSnapshot(
        order_item_id=uuid4(),
        product_id=uuid4(),
        variant_id=uuid4(),
        sku="KMJ-BTK-M",
        name="Kemeja Batik",
        size="M",
        color="Biru",
        brand_id=uuid4(),
        seller_id=None,
        unit_price=125_000,
        quantity=quantity,
        line_total=125_000 * quantity,
        weight_grams=weight_grams,
    )
    address = AddressSnapshot(
        address_id=uuid4(),
        recipient_name="Siti Rahma",
        phone="+6281234567890",
        street="Jl. Medan Merdeka Barat 12",
        village_code="31.71.01.1001",
        district_code="31.71.01",
        regency_code="31.71",
        province_code="31",
        postal_code="10110",
        city="Kota Administrasi Jakarta Pusat",
        province="Daerah Khusus Ibukota Jakarta",
    )
    created = OrderCreated(
        **common,
        items=[item],
        brand_ids=[item.brand_id],
        subtotal=item.line_total,
        shipping_cost=12_000,
        total=item.line_total + 12_000,
        currency="IDR",
        shipping_address=address,
        payment_due_at=now + timedelta(minutes=30),
        created_at=now,
    )
    paid = OrderPaid(**common, payment_id=uuid4(), total=created.total, paid_at=now)
    return (
        build_envelope(created, aggregate_id=order_id, producer="order"),
        build_envelope(paid, aggregate_id=order_id, producer="order"),
    )


def as_event(envelope: Envelope) -> Any:
    """The envelope parsed back as the consumer runtime would."""
    return parse_event(envelope.model_dump_json())


async def count(h: Harness, table: Any, **where: Any) -> int:
    """Rows of ``table`` (filtered by equality on ``where``)."""
    query = select(func.count()).select_from(table)
    for name, value in where.items():
        query = query.where(getattr(table.c if hasattr(table, "c") else table, name) == value)
    async with h.uow_factory() as uow:
        return int((await uow.session.execute(query)).scalar_one())
