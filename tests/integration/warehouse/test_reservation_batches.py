"""Group commit of reservations: checkouts that arrive together share one transaction, and each
is answered on its own — a refused one keeps nothing and does not fail its neighbours."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.kit.client import ServiceClient
from api.kit.settings import CommonSettings
from tests.integration.warehouse.conftest import STAFF, count, register, reserve, stock_of
from tests.support.services import service_client

# one writer and a long window: everything the test sends at once lands in one batch
BATCHED = {"reservation_writers": 1, "reservation_batch_window_ms": 400.0}


@pytest.fixture
async def batched(
    warehouse_db: str, product_app: FastAPI
) -> AsyncIterator[tuple[httpx.AsyncClient, FastAPI]]:
    """The warehouse app with a batching window long enough to gather a test's requests."""
    apps: list[FastAPI] = []

    def wire(app: FastAPI) -> None:
        app.state.product_client = ServiceClient(
            "http://product",
            internal_api_key=CommonSettings().internal_api_key.get_secret_value(),
            name="product",
            transport=httpx.ASGITransport(app=product_app),
        )
        apps.append(app)

    async with service_client(
        "warehouse", warehouse_db, settings_overrides=BATCHED, configure=wire
    ) as client:
        yield client, apps[0]


async def _stock_in_event(engine: AsyncEngine, checkout_id: UUID) -> int:
    async with engine.connect() as conn:
        value = await conn.scalar(
            text(
                "SELECT (payload->'items'->0->'stock'->>'available')::int FROM outbox "
                "WHERE event_type = 'inventory.reserved' AND payload->>'checkout_id' = :c"
            ),
            {"c": str(checkout_id)},
        )
    return int(value)


async def test_a_batch_with_failing_requests_answers_every_other_one_correctly(
    batched: tuple[httpx.AsyncClient, FastAPI], engine: AsyncEngine
) -> None:
    client, app = batched
    a = await register(client, stock=5)
    b = await register(client, stock=1)
    unknown = uuid4()
    first, third = uuid4(), uuid4()
    before = app.state.reservations.batches

    responses = await asyncio.gather(
        reserve(client, [(a, 2)], checkout_id=first),  # fits: 3 left
        reserve(client, [(b, 3)]),  # 1 on hand: 409
        reserve(client, [(a, 3)], checkout_id=third),  # fits exactly what the first left
        reserve(client, [(unknown, 1)]),  # not stocked: 422 naming the item
        reserve(client, [(a, 1)]),  # nothing left after the two above: 409
        reserve(client, [(a, 1), (b, 2)]),  # a is gone and b short: 409, a not taken
    )

    assert [r.status_code for r in responses] == [201, 409, 201, 422, 409, 409]
    assert app.state.reservations.batches == before + 1  # one transaction for all six
    assert responses[1].json()["variant_id"] == str(b)
    assert responses[3].json()["errors"][0]["field"] == "items.0.variant_id"
    assert responses[4].json()["max_orderable"] == 0
    assert responses[0].json()["reservations"][0]["items"][0]["from_stock"] == 2
    assert responses[2].json()["reservations"][0]["items"][0]["from_stock"] == 3
    stock_a, stock_b = await stock_of(client, a), await stock_of(client, b)
    assert (stock_a["reserved"], stock_a["available"]) == (5, 0)
    assert (stock_b["reserved"], stock_b["available"]) == (0, 1)
    # only the two admitted checkouts left anything: claims, reservations, moves, events
    assert await count(engine, "reservation_checkouts") == 2
    assert await count(engine, "reservations") == 2
    assert await count(engine, "reservation_lines") == 2
    assert await count(engine, "stock_movements", "type = 'reservation'") == 2
    assert await count(engine, "outbox", "event_type = 'inventory.reserved'") == 2
    # each event shows the stock as its own checkout left it, not as the batch did
    assert await _stock_in_event(engine, first) == 3
    assert await _stock_in_event(engine, third) == 0


async def test_a_refused_checkout_of_a_batch_keeps_no_claim_and_may_be_retried(
    batched: tuple[httpx.AsyncClient, FastAPI],
) -> None:
    client, _ = batched
    a = await register(client, stock=1)
    ids = [uuid4(), uuid4()]

    responses = await asyncio.gather(*(reserve(client, [(a, 1)], checkout_id=c) for c in ids))

    assert sorted(r.status_code for r in responses) == [201, 409]
    refused = ids[[r.status_code for r in responses].index(409)]
    restock = await client.post(
        "/api/warehouse/stock-adjustments",
        json={"variant_id": str(a), "quantity_change": 1, "reason": "count"},
        headers=STAFF,
    )
    assert restock.status_code == 201, restock.text
    # the refused claim was not kept: the same checkout is reserved anew, not replayed
    again = await reserve(client, [(a, 1)], checkout_id=refused)
    assert again.status_code == 201, again.text
    assert "Idempotent-Replayed" not in again.headers


async def test_the_same_checkout_twice_in_one_batch_is_answered_once_and_replayed(
    batched: tuple[httpx.AsyncClient, FastAPI], engine: AsyncEngine
) -> None:
    client, _ = batched
    a = await register(client, stock=10)
    checkout, order = uuid4(), uuid4()

    responses = await asyncio.gather(
        reserve(client, [(a, 2)], checkout_id=checkout, order_id=order),
        reserve(client, [(a, 2)], checkout_id=checkout, order_id=order),
        reserve(client, [(a, 1)]),
    )

    assert [r.status_code for r in responses] == [201, 201, 201]
    assert responses[0].json() == responses[1].json()
    assert sum("Idempotent-Replayed" in r.headers for r in responses[:2]) == 1
    assert (await stock_of(client, a))["reserved"] == 3
    assert await count(engine, "reservations") == 2
