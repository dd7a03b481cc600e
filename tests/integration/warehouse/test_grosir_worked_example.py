"""DOMAIN.md's worked example through the public routes, and lock events exactly once."""

from __future__ import annotations

from uuid import UUID, uuid4

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.warehouse.conftest import STAFF, count, register, reserve

SIZES = ["S", "M", "L", "XL"]


async def _bundle(client: httpx.AsyncClient) -> tuple[UUID, dict[str, UUID]]:
    product_id = uuid4()
    sizes = {size: await register(client, product_id=product_id) for size in SIZES}
    response = await client.put(
        f"/api/grosir/bundles/{product_id}",
        json={
            "units_per_bundle": {
                str(sizes[s]): u for s, u in zip(SIZES, [2, 5, 4, 1], strict=True)
            },
            "max_excess_units": {
                str(sizes[s]): t for s, t in zip(SIZES, [20, 50, 40, 30], strict=True)
            },
            "bundle_cost": 600_000,
            "supplier_id": str(uuid4()),
        },
        headers=STAFF,
    )
    assert response.status_code == 200, response.text
    return product_id, sizes


async def _availability(client: httpx.AsyncClient, variant_id: UUID) -> dict[str, object]:
    response = await client.get(f"/api/grosir/availability/{variant_id}")
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


async def test_worked_example_m48_allowed_m50_allowed_51st_refused_and_m_locked(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    product_id, size = await _bundle(client)
    m = size["M"]

    # backorders M48 → n = 10, excess S20 M2 L40 XL10: allowed
    assert (await reserve(client, [(m, 48)])).status_code == 201
    view = (await client.get(f"/api/grosir/bundles/{product_id}", headers=STAFF)).json()
    assert view["bundles_needed"] == 10
    excess = {v["variant_id"]: v["excess"] for v in view["variants"]}
    assert [excess[str(size[s])] for s in SIZES] == [20, 2, 40, 10]
    assert await _availability(client, m) == {
        "variant_id": str(m),
        "locked": False,
        "max_orderable": 2,  # exact: M up to 50 still allowed
        "constraining_variant_id": str(size["S"]),
    }

    # one more unit than max_orderable is refused with a 409 naming the variant
    refused = await reserve(client, [(m, 3)])
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["variant_id"] == str(m)
    assert refused.json()["max_orderable"] == 2

    # M up to 50 still allowed; after it M is locked, constrained by S
    assert (await reserve(client, [(m, 2)])).status_code == 201
    assert await _availability(client, m) == {
        "variant_id": str(m),
        "locked": True,
        "max_orderable": 0,
        "constraining_variant_id": str(size["S"]),
    }
    # the 51st M needs 11 bundles → S excess 22 > 20: rejected
    fifty_first = await reserve(client, [(m, 1)])
    assert fifty_first.status_code == 409
    assert fifty_first.json()["variant_id"] == str(m)

    locked_events = "event_type = 'inventory.variant_locked'"
    assert await count(engine, "outbox", f"{locked_events} AND aggregate_id = '{m}'") == 1

    # S backorders grow by 2 → one more bundle fits S; L (cap 10 bundles) still constrains
    assert (await reserve(client, [(size["S"], 2)])).status_code == 201
    assert (await _availability(client, m))["constraining_variant_id"] == str(size["L"])
    assert (await reserve(client, [(size["L"], 4)])).status_code == 201
    unlocked = await _availability(client, m)
    assert unlocked["locked"] is False and unlocked["max_orderable"] == 5
    unlocked_events = "event_type = 'inventory.variant_unlocked'"
    assert await count(engine, "outbox", f"{unlocked_events} AND aggregate_id = '{m}'") == 1
    assert await count(engine, "outbox", f"{locked_events} AND aggregate_id = '{m}'") == 1


async def test_stock_on_hand_is_sold_before_backorders(client: httpx.AsyncClient) -> None:
    _, size = await _bundle(client)
    m = size["M"]
    await client.post(
        "/api/warehouse/stock-adjustments",
        json={"variant_id": str(m), "quantity_change": 3, "reason": "count"},
        headers=STAFF,
    )
    assert (await _availability(client, m))["max_orderable"] == 3 + 50

    response = await reserve(client, [(m, 5)])
    assert response.status_code == 201, response.text
    (line,) = response.json()["reservations"][0]["items"]
    assert (line["from_stock"], line["from_backorder"]) == (3, 2)
