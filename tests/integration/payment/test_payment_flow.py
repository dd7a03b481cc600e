"""A payment through the Xendit sandbox: created once per key, paid once however many callbacks,
refused without the callback token, expired by the job when left unpaid."""

from __future__ import annotations

from uuid import uuid4

import orjson
from sqlalchemy import select

from api.kit.tables import outbox
from api.payment import jobs
from api.payment.models import GatewayLog, Payment
from tests.integration.payment.conftest import (
    INTERNAL,
    Harness,
    counts,
    create_payment,
    pay,
    payment_body,
    payment_row,
)
from tests.support.kafka import TopicTail
from tests.support.services import as_user


async def test_paid_through_sandbox_reaches_paid_and_publishes_payment_paid_once(
    harness: Harness, relay: None, kafka_bootstrap: str
) -> None:
    with TopicTail(kafka_bootstrap, "payment.events") as tail:
        created = await create_payment(harness, amount=150_000, orders=2)
        paid = await pay(harness, created["invoice_id"], callback_times=2)
        assert paid["callback_statuses"] == [200, 200]

        messages = tail.collect(at_least=2, timeout=30, settle=2.0)
    mine = [orjson.loads(m.value()) for m in messages]
    mine = [e for e in mine if e["payload"]["payment_id"] == created["id"]]
    assert [e["event_type"] for e in mine].count("payment.paid") == 1
    assert [e["event_type"] for e in mine].count("payment.created") == 1
    event = next(e for e in mine if e["event_type"] == "payment.paid")["payload"]
    assert event["amount"] == 150_000
    assert event["gateway_fee"] == 4_440
    assert event["net_amount"] == 150_000 - 4_440
    assert event["method"] == "virtual_account"
    assert sum(o["total"] for o in event["orders"]) == 150_000

    row = await payment_row(harness, created["id"])
    assert (row.status, row.gateway_fee, row.channel) == ("paid", 4_440, "BNI")
    owner = as_user(user_id=row.user_id)
    response = await harness.client.get(f"/api/payments/{created['id']}", headers=owner)
    assert response.status_code == 200 and response.json()["status"] == "paid"
    stranger = await harness.client.get(f"/api/payments/{created['id']}", headers=as_user())
    assert stranger.status_code == 403


async def test_every_callback_is_logged_and_the_repeat_marked_duplicate(harness: Harness) -> None:
    created = await create_payment(harness)
    await pay(harness, created["invoice_id"], callback_times=2)
    from sqlalchemy import select

    async with harness.uow_factory() as uow:
        outcomes = list(
            await uow.session.scalars(
                select(GatewayLog.outcome)
                .where(GatewayLog.direction == "webhook")
                .order_by(GatewayLog.id)
            )
        )
    assert outcomes == ["applied", "duplicate"]


async def test_the_same_idempotency_key_answers_the_same_payment_without_a_second_invoice(
    harness: Harness,
) -> None:
    body = payment_body()
    headers = {**INTERNAL, "Idempotency-Key": f"checkout-{uuid4()}"}
    first = await harness.client.post("/internal/payments", json=body, headers=headers)
    second = await harness.client.post("/internal/payments", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert first.json()["status"] == "pending" and first.json()["invoice_url"]
    assert (await counts(harness, Payment, GatewayLog)) == {"payments": 1, "gateway_logs": 1}

    other = payment_body()
    reused = await harness.client.post("/internal/payments", json=other, headers=headers)
    assert reused.status_code == 409


async def test_payment_without_idempotency_key_is_rejected_naming_it(harness: Harness) -> None:
    response = await harness.client.post(
        "/internal/payments", json=payment_body(), headers=INTERNAL
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["Idempotency-Key"]
    assert (await counts(harness, Payment, outbox)) == {"payments": 0, "outbox": 0}


async def test_orders_not_adding_up_to_the_amount_are_rejected_and_nothing_written(
    harness: Harness,
) -> None:
    body = payment_body(amount=100_000)
    body["amount"] = 100_001
    response = await harness.client.post(
        "/internal/payments", json=body, headers={**INTERNAL, "Idempotency-Key": "k-" + "x" * 10}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "orders"
    assert (await counts(harness, Payment, outbox, GatewayLog)) == {
        "payments": 0,
        "outbox": 0,
        "gateway_logs": 0,
    }


async def test_callback_without_or_with_a_wrong_token_is_refused_and_changes_nothing(
    harness: Harness,
) -> None:
    created = await create_payment(harness)
    before = await counts(harness, outbox, GatewayLog)
    body = {
        "id": created["invoice_id"],
        "status": "PAID",
        "amount": 150_000,
        "paid_amount": 150_000,
        "fees_paid_amount": 4_440,
        "payment_method": "EWALLET",
    }
    for headers in ({}, {"x-callback-token": "not-the-token"}):
        response = await harness.client.post("/webhooks/xendit/invoice", json=body, headers=headers)
        assert response.status_code == 403
        assert response.headers["content-type"] == "application/problem+json"
    assert (await payment_row(harness, created["id"])).status == "pending"
    assert await counts(harness, outbox, GatewayLog) == before


async def test_the_once_committed_placeholder_token_is_refused_with_403(harness: Harness) -> None:
    """DESIGN §3: ``xendit-callback-dev-only-change-me`` was the default token; it marked a real
    invoice paid with no money moved. No committed value is a secret any more."""
    created = await create_payment(harness)
    body = {"id": created["invoice_id"], "status": "PAID", "amount": 150_000}
    response = await harness.client.post(
        "/webhooks/xendit/invoice",
        json=body,
        headers={"x-callback-token": "xendit-callback-dev-only-change-me"},
    )
    assert response.status_code == 403
    assert response.json()["type"].endswith("/forbidden")
    assert (await payment_row(harness, created["id"])).status == "pending"


async def test_an_unpaid_invoice_expires_through_the_job_when_the_clock_moves_on(
    harness: Harness,
) -> None:
    created = await create_payment(harness)
    # before the window ends the job leaves it alone
    assert (
        await jobs.expire_invoices(harness.uow_factory, harness.settings, gateway=harness.gateway)
        == 0
    )
    later = harness.settings.model_copy(
        update={"clock_offset_seconds": harness.settings.invoice_duration_seconds + 60}
    )
    assert await jobs.expire_invoices(harness.uow_factory, later, gateway=harness.gateway) == 1
    row = await payment_row(harness, created["id"])
    assert row.status == "expired" and row.expired_at is not None
    invoice = await harness.gateway.get_invoice(created["invoice_id"])
    assert invoice.body["status"] == "EXPIRED"
    # a second run finds nothing more to do, and the EXPIRED event was written once
    assert await jobs.expire_invoices(harness.uow_factory, later, gateway=harness.gateway) == 0
    from sqlalchemy import select

    async with harness.uow_factory() as uow:
        types = list(await uow.session.scalars(select(outbox.c.event_type)))
    assert types.count("payment.expired") == 1
    paid_late = await harness.sandbox.post(f"/sandbox/invoices/{created['invoice_id']}/pay")
    assert paid_late.status_code == 409


async def test_a_paid_callback_after_the_invoice_expired_is_recorded_as_paid_late(
    harness: Harness,
) -> None:
    """The buyer's money was taken after all: it is recorded and announced (the order service
    refunds it), never dropped."""
    created = await create_payment(harness, amount=90_000, orders=1)
    later = harness.settings.model_copy(
        update={"clock_offset_seconds": harness.settings.invoice_duration_seconds + 60}
    )
    assert await jobs.expire_invoices(harness.uow_factory, later, gateway=harness.gateway) == 1
    token = harness.settings.xendit_callback_token.get_secret_value()
    callback = {
        "id": created["invoice_id"],
        "status": "PAID",
        "amount": 90_000,
        "paid_amount": 90_000,
        "fees_paid_amount": 2_500,
        "payment_method": "EWALLET",
    }

    answers = [
        await harness.client.post(
            "/webhooks/xendit/invoice", json=callback, headers={"x-callback-token": token}
        )
        for _ in range(2)
    ]

    assert [a.json()["status"] for a in answers] == ["late", "duplicate"]
    row = await payment_row(harness, created["id"])
    assert (row.status, row.gateway_fee, row.net_amount) == ("paid", 2_500, 87_500)
    assert row.expired_at is not None
    async with harness.uow_factory() as uow:
        types = list(await uow.session.scalars(select(outbox.c.event_type)))
    assert (types.count("payment.expired"), types.count("payment.paid")) == (1, 1)


async def test_daily_reconciliation_flags_a_paid_payment_without_a_logged_callback_once(
    harness: Harness,
) -> None:
    from sqlalchemy import func, select, update

    from api.payment.models import ReconciliationIssue

    good = await create_payment(harness)
    await pay(harness, good["invoice_id"])
    assert await jobs.reconcile_payments(harness.uow_factory, harness.settings) == 0
    odd = await create_payment(harness)
    async with harness.uow_factory() as uow:
        # a payment marked paid by hand, with no PAID callback in the gateway log
        await uow.session.execute(
            update(Payment).where(Payment.number == odd["number"]).values(status="paid")
        )
        await uow.commit()
    assert await jobs.reconcile_payments(harness.uow_factory, harness.settings) == 1
    assert await jobs.reconcile_payments(harness.uow_factory, harness.settings) == 0
    async with harness.uow_factory() as uow:
        kinds = list(await uow.session.scalars(select(ReconciliationIssue.kind)))
        assert (
            await uow.session.execute(select(func.count()).select_from(ReconciliationIssue))
        ).scalar_one() == 1
    assert kinds == ["paid_without_callback"]


async def test_a_failed_callback_fails_the_payment_once(harness: Harness) -> None:
    from sqlalchemy import select

    created = await create_payment(harness)
    token = harness.settings.xendit_callback_token.get_secret_value()
    body = {"id": created["invoice_id"], "status": "FAILED", "failure_code": "INSUFFICIENT_BALANCE"}
    for expected in ("applied", "duplicate"):
        response = await harness.client.post(
            "/webhooks/xendit/invoice", json=body, headers={"x-callback-token": token}
        )
        assert response.status_code == 200 and response.json() == {"status": expected}
    assert (await payment_row(harness, created["id"])).status == "failed"
    async with harness.uow_factory() as uow:
        types = list(await uow.session.scalars(select(outbox.c.event_type)))
    assert types == ["payment.created", "payment.failed"]
