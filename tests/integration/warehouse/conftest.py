"""Fixtures of the warehouse's integration tests: a migrated database and the app on it, wired to
a real product app (the warehouse learns variants it has not heard of from it, on demand)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.kit.auth import Role
from api.kit.db import make_async_engine
from tests.support.product_app import product_client_of
from tests.support.services import (
    as_user,
    internal_headers,
    migrated_database,
    service_client,
)

STAFF = as_user(Role.warehouse_staff)
ADMIN = as_user(Role.admin)
INTERNAL = internal_headers()


@pytest.fixture
def warehouse_db(fresh_database: str) -> str:
    """A fresh database with the warehouse's migrations applied."""
    return migrated_database("warehouse", fresh_database)


@pytest.fixture
async def client(warehouse_db: str, product_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The warehouse app, in-process, on its own database, reading the product app."""

    def wire(app: FastAPI) -> None:
        app.state.product_client = product_client_of(product_app)

    async with service_client("warehouse", warehouse_db, configure=wire) as client:
        yield client


@pytest.fixture
async def engine(warehouse_db: str) -> AsyncIterator[AsyncEngine]:
    """A separate engine for assertions straight on the tables."""
    engine = make_async_engine(warehouse_db, pool_size=2)
    yield engine
    await engine.dispose()


async def register(
    client: httpx.AsyncClient,
    *,
    product_id: UUID | None = None,
    seller_id: UUID | None = None,
    cost: int = 10_000,
    stock: int = 0,
) -> UUID:
    """Register a variant (and give it ``stock`` units on hand); returns its id."""
    variant_id = uuid4()
    body: dict[str, Any] = {
        "product_id": str(product_id or uuid4()),
        "sku": f"SKU-{variant_id.hex[:10]}",
        "cost": cost,
    }
    if seller_id:
        body["seller_id"] = str(seller_id)
    response = await client.put(f"/internal/variants/{variant_id}", json=body, headers=INTERNAL)
    assert response.status_code == 200, response.text
    if stock:
        response = await client.post(
            "/api/warehouse/stock-adjustments",
            json={"variant_id": str(variant_id), "quantity_change": stock, "reason": "count"},
            headers=STAFF,
        )
        assert response.status_code == 201, response.text
    return variant_id


async def reserve(
    client: httpx.AsyncClient,
    items: list[tuple[UUID, int]],
    *,
    checkout_id: UUID | None = None,
    order_id: UUID | None = None,
) -> httpx.Response:
    """``POST /internal/reservations`` for one order of ``(variant, quantity)`` items."""
    order = str(order_id or uuid4())
    return await client.post(
        "/internal/reservations",
        json={
            "checkout_id": str(checkout_id or uuid4()),
            "items": [{"order_id": order, "variant_id": str(v), "quantity": q} for v, q in items],
        },
        headers=INTERNAL,
    )


async def stock_of(client: httpx.AsyncClient, variant_id: UUID) -> dict[str, Any]:
    """The stock view of a variant."""
    response = await client.get(f"/api/warehouse/stock/{variant_id}", headers=STAFF)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def count(engine: AsyncEngine, table: str, where: str = "true") -> int:
    """Rows of ``table`` matching ``where`` (test-written SQL, never user input)."""
    async with engine.connect() as conn:
        value = await conn.scalar(select(func.count()).select_from(text(table)).where(text(where)))
    return int(value or 0)


async def table_counts(engine: AsyncEngine) -> dict[str, int]:
    """Row counts of every table a failed request must leave untouched."""
    tables = [
        "outbox",
        "stock_movements",
        "reservations",
        "reservation_lines",
        "reservation_checkouts",
        "bundle_configs",
        "bundle_items",
        "grosir_states",
        "stock_alerts",
        "purchase_orders",
        "purchase_order_lines",
        "purchase_order_receipts",
        "variants",
    ]
    return {t: await count(engine, t) for t in tables}
