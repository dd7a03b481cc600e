"""Purchase orders: whole bundles, approval threshold, receiving that fills backorders first."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.warehouse.conftest import (
    ADMIN,
    INTERNAL,
    STAFF,
    register,
    reserve,
    stock_of,
)


async def _product(client: httpx.AsyncClient, bundle_cost: int) -> tuple[UUID, UUID, UUID]:
    product_id = uuid4()
    s = await register(client, product_id=product_id)
    m = await register(client, product_id=product_id)
    response = await client.put(
        f"/api/grosir/bundles/{product_id}",
        json={
            "units_per_bundle": {str(s): 2, str(m): 5},
            "max_excess_units": {str(s): 20, str(m): 50},
            "bundle_cost": bundle_cost,
            "supplier_id": str(uuid4()),
        },
        headers=STAFF,
    )
    assert response.status_code == 200, response.text
    return product_id, s, m


async def _po(client: httpx.AsyncClient, product_id: UUID, bundles: int) -> dict[str, Any]:
    response = await client.post(
        "/api/purchase-orders",
        json={
            "expected_date": str(date(2026, 12, 1)),
            "products": [{"product_id": str(product_id), "bundles": bundles}],
        },
        headers=STAFF,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def _payloads(engine: AsyncEngine, event_type: str) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT payload FROM outbox WHERE event_type = :t ORDER BY id"), {"t": event_type}
        )
        return [row[0] for row in rows]


async def test_receiving_with_damaged_units_fills_backorders_first_then_stock(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    product_id, s, m = await _product(client, bundle_cost=300_000)
    assert (await reserve(client, [(m, 7)])).status_code == 201  # 7 M backordered
    po = await _po(client, product_id, bundles=2)
    assert sorted(li["units_ordered"] for li in po["lines"]) == [4, 10]  # 2 bundles of S2 M5
    assert po["total_cost"] == 600_000 and po["status"] == "draft"
    for action in ("submit", "approve", "send"):
        response = await client.post(f"/api/purchase-orders/{po['id']}/{action}", headers=STAFF)
        assert response.status_code == 200, response.text

    response = await client.post(
        f"/api/purchase-orders/{po['id']}/receive",
        json={
            "lines": [
                {"variant_id": str(m), "received": 10, "damaged": 1},
                {"variant_id": str(s), "received": 3, "damaged": 0},
            ]
        },
        headers=STAFF,
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "partially_received"  # S: 3 of 4

    stock_m = await stock_of(client, m)
    # 9 good M: 7 fill the backorders (on hand and reserved for those orders), 2 are for sale
    assert (
        stock_m["on_hand"],
        stock_m["reserved"],
        stock_m["backordered"],
        stock_m["available"],
    ) == (9, 7, 0, 2)
    (received,) = await _payloads(engine, "purchase_order.received")
    figures = {line["variant_id"]: line for line in received["receipt_lines"]}
    assert figures[str(m)] == {
        "product_id": str(product_id),
        "variant_id": str(m),
        "units_ordered": 10,
        "units_received": 10,
        "units_damaged": 1,
        "units_good": 9,
        "backorders_filled": 7,
        "stock_added": 2,
    }
    assert figures[str(s)]["stock_added"] == 3
    assert received["expected_date"] == "2026-12-01" and received["is_final"] is False
    assert received["supplier_id"] == po["supplier_id"]
    # the reservation's backordered units became stock units: shipping will deduct them
    async with engine.connect() as conn:
        line = (
            await conn.execute(text("SELECT from_stock, from_backorder FROM reservation_lines"))
        ).one()
    assert tuple(line) == (7, 0)

    last = await client.post(
        f"/api/purchase-orders/{po['id']}/receive",
        json={"lines": [{"variant_id": str(s), "received": 1, "damaged": 0}]},
        headers=STAFF,
    )
    assert last.json()["status"] == "received"


async def test_a_po_over_50_million_needs_an_admin(client: httpx.AsyncClient) -> None:
    product_id, _, _ = await _product(client, bundle_cost=26_000_000)
    po = await _po(client, product_id, bundles=2)  # Rp 52,000,000
    assert po["requires_admin_approval"] is True
    await client.post(f"/api/purchase-orders/{po['id']}/submit", headers=STAFF)
    refused = await client.post(f"/api/purchase-orders/{po['id']}/approve", headers=STAFF)
    assert refused.status_code == 403
    approved = await client.post(f"/api/purchase-orders/{po['id']}/approve", headers=ADMIN)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    illegal = await client.post(f"/api/purchase-orders/{po['id']}/submit", headers=STAFF)
    assert illegal.status_code == 409


async def test_a_proposal_creates_one_draft_po_per_key(client: httpx.AsyncClient) -> None:
    product_id, _, _ = await _product(client, bundle_cost=100_000)
    body = {
        "proposal_key": f"2026-W48:{product_id}",
        "expected_date": "2026-12-10",
        "products": [{"product_id": str(product_id), "bundles": 3}],
    }
    first = await client.post("/internal/purchase-orders/proposals", json=body, headers=INTERNAL)
    again = await client.post("/internal/purchase-orders/proposals", json=body, headers=INTERNAL)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["source"] == "proposal" and first.json()["status"] == "draft"
    assert first.json()["number"].startswith("PO-")


async def test_a_receipt_keeps_when_the_goods_actually_arrived(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    product_id, s, m = await _product(client, bundle_cost=300_000)
    po = await _po(client, product_id, bundles=1)
    for action in ("submit", "approve", "send"):
        response = await client.post(f"/api/purchase-orders/{po['id']}/{action}", headers=STAFF)
        assert response.status_code == 200, response.text
    sent_at = datetime.fromisoformat(response.json()["sent_at"])
    lines = [{"variant_id": str(s), "received": 2}, {"variant_id": str(m), "received": 5}]
    for when in (sent_at - timedelta(hours=1), datetime.now(UTC) + timedelta(days=1)):
        refused = await client.post(
            f"/api/purchase-orders/{po['id']}/receive",
            json={"lines": lines, "received_at": when.isoformat()},
            headers=STAFF,
        )
        assert refused.status_code == 422
        assert [e["field"] for e in refused.json()["errors"]] == ["received_at"]
    assert await _payloads(engine, "purchase_order.received") == []
    arrived = sent_at  # the boundary: the very moment it was sent (the default would be now)
    response = await client.post(
        f"/api/purchase-orders/{po['id']}/receive",
        json={"lines": lines, "received_at": arrived.isoformat()},
        headers=STAFF,
    )
    assert response.status_code == 200, response.text
    assert datetime.fromisoformat(response.json()["received_at"]) == arrived
    (received,) = await _payloads(engine, "purchase_order.received")
    assert datetime.fromisoformat(received["received_at"]) == arrived
