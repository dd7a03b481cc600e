"""Fixtures of the supplier service's integration tests: its app on a fresh migrated database,
wired to a real product app in-process (offers are validated against the products' variants,
read on demand when the ``product.*`` events have not arrived)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from uuid import uuid4

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.kit.auth import Role
from api.kit.db import make_async_engine
from tests.support.product_app import product_client_of
from tests.support.services import as_user, internal_headers, migrated_database, service_client

STAFF = as_user(Role.warehouse_staff)
ADMIN = as_user(Role.admin)
INTERNAL = internal_headers()
TABLES = (
    "suppliers",
    "variants",
    "catalogue_entries",
    "catalogue_items",
    "performance_periods",
    "outbox",
)


@pytest.fixture
def supplier_db(fresh_database: str) -> str:
    return migrated_database("supplier", fresh_database)


@pytest.fixture
async def client(supplier_db: str, product_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The supplier app on its own database, reading the product app on demand."""

    def wire(app: FastAPI) -> None:
        app.state.product_client = product_client_of(product_app)

    async with service_client("supplier", supplier_db, configure=wire) as client:
        yield client


@pytest.fixture
async def engine(supplier_db: str) -> AsyncIterator[AsyncEngine]:
    engine = make_async_engine(supplier_db, pool_size=2)
    yield engine
    await engine.dispose()


async def create_supplier(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    """Register a supplier (a unique code unless given); returns its answer."""
    body = {
        "code": f"PBK-{uuid4().hex[:8].upper()}",
        "name": "Pabrik Konveksi Bandung",
        "contact_name": "Bu Ratna",
        "whatsapp": "+6281234567890",
        "email": "order@konveksi-bandung.co.id",
        **fields,
    }
    response = await client.post("/api/suppliers", json=body, headers=STAFF)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def house_product(
    product: httpx.AsyncClient, sizes: tuple[str, ...] = ("S", "M", "L", "XL")
) -> dict[str, Any]:
    """A house product created through the product API (its events are not delivered)."""
    body = {
        "name": f"Kemeja Lurik {uuid4().hex[:8]}",
        "variants": [
            {
                "sku": f"LRK-{uuid4().hex[:10]}",
                "size": size,
                "price": 150_000,
                "cost_price": 60_000,
                "weight_grams": 300,
            }
            for size in sizes
        ],
    }
    response = await product.post("/api/products", json=body, headers=ADMIN)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def count(engine: AsyncEngine, table: str) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(text(table))) or 0)


async def table_counts(engine: AsyncEngine) -> dict[str, int]:
    """Row counts of every table a refused request must leave untouched."""
    return {table: await count(engine, table) for table in TABLES}


async def payloads(engine: AsyncEngine, event_type: str) -> list[dict[str, Any]]:
    """The outbox payloads of ``event_type``, in order."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT payload FROM outbox WHERE event_type = :t ORDER BY id"), {"t": event_type}
        )
        return [row[0] for row in rows]


def fields_named(response: httpx.Response) -> list[str]:
    """The fields a problem+json answer names."""
    assert response.headers["content-type"].startswith("application/problem+json")
    return [e["field"] for e in response.json().get("errors", [])]
