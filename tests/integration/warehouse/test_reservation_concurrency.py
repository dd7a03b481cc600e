"""Reservations racing on real PostgreSQL: no oversell, no deadlock."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.warehouse.conftest import count, register, reserve, stock_of


async def test_500_concurrent_single_unit_reservations_on_100_available_exactly_100_succeed(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    variant = await register(client, stock=100)

    responses = await asyncio.gather(*(reserve(client, [(variant, 1)]) for _ in range(500)))

    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 100, 409: 400}
    stock = await stock_of(client, variant)
    assert (stock["on_hand"], stock["reserved"], stock["available"]) == (100, 100, 0)
    assert await count(engine, "reservations") == 100
    assert await count(engine, "outbox", "event_type = 'inventory.reserved'") == 100
    assert await count(engine, "outbox", "event_type = 'inventory.out_of_stock'") == 1
    assert await count(engine, "outbox", "event_type = 'inventory.low_stock'") == 1


async def test_multi_item_reservations_in_opposite_orders_neither_deadlock_nor_oversell(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    a = await register(client, stock=60)
    b = await register(client, stock=60)

    def attempt(i: int) -> object:
        items = [(a, 1), (b, 2)] if i % 2 else [(b, 2), (a, 1)]
        return reserve(client, items)

    responses = await asyncio.gather(*(attempt(i) for i in range(120)))

    statuses = Counter(r.status_code for r in responses)
    # b runs out after 30 reservations of 2 units; every other answer is a clean 409
    assert statuses == {201: 30, 409: 90}, [r.text for r in responses if r.status_code >= 500]
    stock_a, stock_b = await stock_of(client, a), await stock_of(client, b)
    assert (stock_a["reserved"], stock_b["reserved"]) == (30, 60)
    assert await count(engine, "reservation_lines") == 60
