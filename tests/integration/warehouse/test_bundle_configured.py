"""Every stored bundle config is published once as ``inventory.bundle_configured`` (fat)."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.warehouse.conftest import INTERNAL, STAFF, register

CONFIGURED = "inventory.bundle_configured"


async def _outbox(engine: AsyncEngine) -> list[tuple[str, str, dict[str, Any]]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT aggregate_type, aggregate_id, payload FROM outbox "
                "WHERE event_type = :t ORDER BY id"
            ),
            {"t": CONFIGURED},
        )
        return [(r[0], r[1], r[2]) for r in rows]


async def test_each_put_publishes_one_bundle_configured_with_the_stored_figures(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    product_id = uuid4()
    s = await register(client, product_id=product_id)
    m = await register(client, product_id=product_id)
    # M has its own reorder point; S falls back to the warehouse default (5)
    response = await client.put(
        f"/internal/variants/{m}",
        json={
            "product_id": str(product_id),
            "sku": f"SKU-{m.hex[:10]}",
            "cost": 10_000,
            "reorder_point": 9,
        },
        headers=INTERNAL,
    )
    assert response.status_code == 200, response.text
    supplier = uuid4()

    first = await client.put(
        f"/api/grosir/bundles/{product_id}",
        json={
            "units_per_bundle": {str(s): 2, str(m): 5},
            "max_excess_units": {str(s): 20},
            "bundle_cost": 600_000,
            "supplier_id": str(supplier),
            "min_bundles_per_po": 3,
        },
        headers=STAFF,
    )
    assert first.status_code == 200, first.text
    ((aggregate_type, aggregate_id, payload),) = await _outbox(engine)
    assert (aggregate_type, aggregate_id) == ("product", str(product_id))
    assert payload["product_id"] == str(product_id)
    assert payload["supplier_id"] == str(supplier)
    assert payload["bundle_cost"] == 600_000
    assert payload["min_bundles_per_po"] == 3
    assert UUID(payload["configured_by"])
    assert payload["configured_at"]
    assert payload["variants"] == [
        {"variant_id": str(s), "units_per_bundle": 2, "max_excess_units": 20, "reorder_point": 5},
        {"variant_id": str(m), "units_per_bundle": 5, "max_excess_units": 0, "reorder_point": 9},
    ]

    # a second PUT replaces the config: one more event, with the whole new config
    second = await client.put(
        f"/api/grosir/bundles/{product_id}",
        json={"units_per_bundle": {str(m): 4}},
        headers=STAFF,
    )
    assert second.status_code == 200, second.text
    events = await _outbox(engine)
    assert len(events) == 2
    latest = events[1][2]
    assert (latest["supplier_id"], latest["bundle_cost"], latest["min_bundles_per_po"]) == (
        None,
        None,
        1,
    )
    assert latest["variants"] == [
        {"variant_id": str(m), "units_per_bundle": 4, "max_excess_units": 0, "reorder_point": 9}
    ]


async def test_a_refused_put_publishes_nothing(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    product_id = uuid4()
    stranger = await register(client)  # another product's variant
    response = await client.put(
        f"/api/grosir/bundles/{product_id}",
        json={"units_per_bundle": {str(stranger): 1}},
        headers=STAFF,
    )
    assert response.status_code == 422, response.text
    assert await _outbox(engine) == []
