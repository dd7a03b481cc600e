"""Refund rules: at most what remains (422 naming amount), one open refund (409), partial then
full (payment partially_refunded → refunded), through the refund job and the sandbox."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from sqlalchemy import select

from api.kit.tables import outbox
from api.payment import jobs
from api.payment.models import Refund
from tests.integration.payment.conftest import (
    INTERNAL,
    SUPPORT,
    Harness,
    counts,
    create_payment,
    pay,
    payment_row,
)


async def _paid_payment(h: Harness) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    created = await create_payment(h, amount=150_000, orders=2)
    await pay(h, created["invoice_id"])
    read = await h.client.get(f"/internal/payments/{created['id']}", headers=INTERNAL)
    return created, read.json()["orders"]


async def _refund(h: Harness, payment_id: str, order_id: str, amount: int, **extra: Any) -> Any:
    return await h.client.post(
        f"/api/payments/{payment_id}/refunds",
        json={"order_id": order_id, "amount": amount, "reason": "barang rusak", **extra},
        headers=SUPPORT,
    )


async def test_partial_then_full_refund_moves_the_payment_to_refunded(harness: Harness) -> None:
    created, orders = await _paid_payment(harness)
    first, second = orders
    response = await _refund(harness, created["id"], first["order_id"], 30_000)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "requested"

    assert (
        await jobs.process_refunds(harness.uow_factory, harness.settings, gateway=harness.gateway)
        == 1
    )
    assert (await payment_row(harness, created["id"])).status == "partially_refunded"

    # the rest of the first order to the wallet, through the order service's route
    rest = await harness.client.post(
        "/internal/refunds",
        json={
            "payment_id": created["id"],
            "order_id": first["order_id"],
            "method": "wallet",
            "reason": "pesanan dibatalkan",
        },
        headers={**INTERNAL, "Idempotency-Key": f"cancel-{first['order_id']}"},
    )
    assert rest.status_code == 201 and rest.json()["amount"] == first["total"] - 30_000
    await jobs.process_refunds(harness.uow_factory, harness.settings, gateway=harness.gateway)
    response = await _refund(harness, created["id"], second["order_id"], second["total"])
    assert response.status_code == 201
    await jobs.process_refunds(harness.uow_factory, harness.settings, gateway=harness.gateway)

    row = await payment_row(harness, created["id"])
    assert (row.status, row.refunded_amount) == ("refunded", 150_000)
    async with harness.uow_factory() as uow:
        statuses = list(await uow.session.scalars(select(Refund.status)))
        types = list(await uow.session.scalars(select(outbox.c.event_type)))
    assert statuses == ["completed"] * 3
    assert types.count("refund.requested") == types.count("refund.completed") == 3


async def test_refund_over_the_remaining_amount_is_422_naming_amount_and_writes_nothing(
    harness: Harness,
) -> None:
    created, (first, _) = await _paid_payment(harness)
    assert (await _refund(harness, created["id"], first["order_id"], 50_000)).status_code == 201
    await jobs.process_refunds(harness.uow_factory, harness.settings, gateway=harness.gateway)
    before = await counts(harness, Refund, outbox)
    response = await _refund(harness, created["id"], first["order_id"], first["total"] - 49_999)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "amount"
    assert await counts(harness, Refund, outbox) == before


async def test_a_second_open_refund_of_a_payment_is_409(harness: Harness) -> None:
    created, (first, second) = await _paid_payment(harness)
    assert (await _refund(harness, created["id"], first["order_id"], 10_000)).status_code == 201
    before = await counts(harness, Refund, outbox)
    response = await _refund(harness, created["id"], second["order_id"], 10_000)
    assert response.status_code == 409
    assert await counts(harness, Refund, outbox) == before


async def test_refund_of_an_unpaid_payment_or_a_foreign_order_is_refused(harness: Harness) -> None:
    created = await create_payment(harness)
    read = await harness.client.get(f"/internal/payments/{created['id']}", headers=INTERNAL)
    order_id = read.json()["orders"][0]["order_id"]
    assert (await _refund(harness, created["id"], order_id, 1_000)).status_code == 409
    await pay(harness, created["invoice_id"])
    foreign = await _refund(harness, created["id"], str(uuid4()), 1_000)
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "order_id"
    customer = await harness.client.post(
        f"/api/payments/{created['id']}/refunds",
        json={"order_id": order_id, "amount": 1_000, "reason": "x"},
        headers={k: v for k, v in SUPPORT.items() if k != "x-user-role"}
        | {"x-user-role": "customer"},
    )
    assert customer.status_code == 403
    assert await counts(harness, Refund) == {"refunds": 0}


async def test_a_refund_is_capped_by_its_orders_share_not_the_whole_payment(
    harness: Harness,
) -> None:
    created, (first, second) = await _paid_payment(harness)
    before = await counts(harness, Refund, outbox)
    # the payment holds 150,000, but the first order's share is only first["total"]
    over = await _refund(harness, created["id"], first["order_id"], first["total"] + 1)
    assert over.status_code == 422, over.text
    assert over.json()["errors"][0]["field"] == "amount"
    assert await counts(harness, Refund, outbox) == before

    # "what remains, at most X" (the order service's returns): capped by the share, then by X
    async def internal(order_id: str, key: str, **body: Any) -> Any:
        return await harness.client.post(
            "/internal/refunds",
            json={"payment_id": created["id"], "order_id": order_id, "reason": "retur", **body},
            headers={**INTERNAL, "Idempotency-Key": key},
        )

    capped = await internal(first["order_id"], "ret-1", at_most=150_000)
    assert capped.status_code == 201 and capped.json()["amount"] == first["total"]
    await jobs.process_refunds(harness.uow_factory, harness.settings, gateway=harness.gateway)
    nothing_left = await internal(first["order_id"], "ret-2", at_most=1_000)
    assert nothing_left.status_code == 422
    assert nothing_left.json()["errors"][0]["field"] == "order_id"
    smaller = await internal(second["order_id"], "ret-3", at_most=1_000)
    assert smaller.status_code == 201 and smaller.json()["amount"] == 1_000
    row = await payment_row(harness, created["id"])
    assert row.refunded_amount == first["total"]  # the second one is still open


async def test_racing_requests_with_one_key_open_one_refund(harness: Harness) -> None:
    import asyncio

    created, (first, _) = await _paid_payment(harness)

    answers = await asyncio.gather(
        *(
            harness.client.post(
                "/internal/refunds",
                json={"payment_id": created["id"], "order_id": first["order_id"], "reason": "x"},
                headers={**INTERNAL, "Idempotency-Key": "order-refund:one"},
            )
            for _ in range(6)
        )
    )

    assert {a.status_code for a in answers} == {201}, [a.text for a in answers]
    assert len({a.json()["id"] for a in answers}) == 1
    assert await counts(harness, Refund) == {"refunds": 1}
