"""Fixtures of the payment's integration tests: the payment app and the Xendit sandbox, both
in-process, wired to each other through ASGI transports (invoice calls one way, callbacks back)."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from sqlalchemy import func, select

from api.kit.auth import Role
from api.kit.db import libpq_url
from api.kit.uow import UnitOfWorkFactory
from api.payment import app as payment_app
from api.payment.xendit import XenditClient
from ingestion.relay import OutboxRelay, RelayConfig
from lakoo.runtime.kafka import ensure_topics
from lakoo.sandboxes.xendit import XenditSandboxSettings, create_xendit_sandbox
from tests.support.services import app_and_sandbox, as_user, internal_headers, migrated_database

INTERNAL = internal_headers()
SUPPORT = as_user(Role.support_agent)
CALLBACK_URL = "http://payment/webhooks/xendit/invoice"


@dataclass
class Harness:
    """The payment app's client, the sandbox's client, and what both were built with."""

    client: httpx.AsyncClient
    sandbox: httpx.AsyncClient
    settings: payment_app.PaymentSettings
    gateway: XenditClient
    uow_factory: UnitOfWorkFactory


@pytest.fixture
def payment_db(fresh_database: str) -> str:
    """A fresh database with the payment migrations applied."""
    return migrated_database("payment", fresh_database)


@pytest.fixture
async def harness(payment_db: str) -> AsyncIterator[Harness]:
    """Payment app ⇄ Xendit sandbox, in-process."""
    settings = payment_app.get_settings().model_copy(update={"database_url": payment_db})
    app = payment_app.create_app(settings=settings)
    sandbox_settings = XenditSandboxSettings(
        secret_key=settings.xendit_secret_key.get_secret_value(),
        callback_token=settings.xendit_callback_token.get_secret_value(),
        callback_url=CALLBACK_URL,
    )
    sandbox = create_xendit_sandbox(
        sandbox_settings, callback_transport=httpx.ASGITransport(app=app)
    )
    gateway = XenditClient(
        "http://xendit",
        secret_key=sandbox_settings.secret_key,
        transport=httpx.ASGITransport(app=sandbox),
    )
    app.state.xendit = gateway
    async with app_and_sandbox(
        app,
        sandbox,
        sandbox_url="http://xendit",
        database_url=payment_db,
        producer="payment",
        pool_size=2,
    ) as (client, sandbox_client, uow_factory):
        yield Harness(client, sandbox_client, settings, gateway, uow_factory)


@pytest.fixture
def relay(payment_db: str, kafka_bootstrap: str) -> Iterator[None]:
    """The outbox relay on the payment database, in a thread."""
    ensure_topics(kafka_bootstrap, ["payment.events", "payment.events.dlq"])
    relay = OutboxRelay(
        name="payment",
        dsn=libpq_url(payment_db),
        bootstrap=kafka_bootstrap,
        config=RelayConfig(poll_interval=0.1),
    )
    stop = threading.Event()
    thread = threading.Thread(target=relay.run, args=(stop,))
    thread.start()
    yield
    stop.set()
    thread.join()


def payment_body(amount: int = 150_000, orders: int = 2, **extra: Any) -> dict[str, Any]:
    """A checkout payment covering ``orders`` orders that add up to ``amount``."""
    shares = [amount // orders] * orders
    shares[0] += amount - sum(shares)
    return {
        "checkout_id": str(uuid4()),
        "user_id": str(uuid4()),
        "amount": amount,
        "orders": [
            {"order_id": str(uuid4()), "seller_id": str(uuid4()), "total": share}
            for share in shares
        ],
        "payer_email": "budi@example.id",
        **extra,
    }


async def create_payment(h: Harness, **kwargs: Any) -> dict[str, Any]:
    """A pending payment with its sandbox invoice."""
    response = await h.client.post(
        "/internal/payments",
        json=payment_body(**kwargs),
        headers={**INTERNAL, "Idempotency-Key": f"checkout-{uuid4()}"},
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def pay(h: Harness, invoice_id: str, *, callback_times: int = 1) -> dict[str, Any]:
    """The customer pays at the sandbox, which sends the callback(s)."""
    response = await h.sandbox.post(
        f"/sandbox/invoices/{invoice_id}/pay",
        json={
            "payment_method": "BANK_TRANSFER",
            "payment_channel": "BNI",
            "callback_times": callback_times,
        },
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def counts(h: Harness, *tables: Any) -> dict[str, int]:
    """Row counts of ``tables`` (the kit outbox included by passing it)."""
    result: dict[str, int] = {}
    async with h.uow_factory() as uow:
        for table in tables:
            name = getattr(table, "__tablename__", None) or table.name
            result[name] = (
                await uow.session.execute(select(func.count()).select_from(table))
            ).scalar_one()
    return result


async def payment_row(h: Harness, payment_id: str) -> Any:
    """The payment as stored."""
    from api.payment.models import Payment

    async with h.uow_factory() as uow:
        payment = await uow.session.get_one(Payment, UUID(payment_id))
        uow.session.expunge(payment)  # keep its loaded values after the session closes
        return payment
