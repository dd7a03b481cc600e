"""A product created a moment ago can be stocked and given its grosir bundle at once: the
warehouse reads what it has not heard of from the product service instead of answering
"unknown variant" until ``product.created`` arrives — and that event, when it comes, changes
nothing more."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID, uuid4

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from api.kit.auth import Role
from api.warehouse.consumers import HANDLERS
from tests.integration.product.harness import deliver_outbox
from tests.integration.warehouse.conftest import STAFF, count, stock_of
from tests.support.services import as_user


async def _create(
    product: httpx.AsyncClient, headers: dict[str, str], *, sizes: tuple[str, ...] = ("M",)
) -> dict[str, Any]:
    house = headers["x-user-role"] == Role.admin.value
    body = {
        "name": f"Kemeja Lurik {uuid4().hex[:8]}",
        "variants": [
            {
                "sku": f"LRK-{uuid4().hex[:10]}",
                "size": size,
                "price": 150_000,
                **({"cost_price": 70_000} if house else {}),
                "weight_grams": 300,
            }
            for size in sizes
        ],
    }
    response = await product.post("/api/products", json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def _adjust(
    client: httpx.AsyncClient, variant_id: str, units: int, headers: dict[str, str] = STAFF
) -> httpx.Response:
    return await client.post(
        "/api/warehouse/stock-adjustments",
        json={"variant_id": variant_id, "quantity_change": units, "reason": "first delivery"},
        headers=headers,
    )


async def test_a_product_just_created_is_stocked_at_once(
    client: httpx.AsyncClient, product: httpx.AsyncClient, product_db: str, engine: AsyncEngine
) -> None:
    created = await _create(product, as_user(Role.admin))
    variant_id = created["variants"][0]["id"]

    response = await _adjust(client, variant_id, 24)

    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["on_hand"], body["available"], body["seller_id"]) == (24, 24, None)
    assert body["product_id"] == created["id"] and body["location_type"] == "central"
    # product.created arrives later: the variant is known already, nothing changes
    await _deliver_product_events(product_db, engine)
    assert (await stock_of(client, UUID(variant_id)))["on_hand"] == 24
    assert await count(engine, "variants", f"id = '{variant_id}'") == 1


async def test_a_seller_stocks_its_own_new_product_at_once_but_not_anothers(
    client: httpx.AsyncClient, product: httpx.AsyncClient
) -> None:
    seller, other = uuid4(), uuid4()
    created = await _create(product, as_user(Role.seller, seller))
    variant_id = created["variants"][0]["id"]

    refused = await _adjust(client, variant_id, 5, as_user(Role.seller, other))
    own = await _adjust(client, variant_id, 5, as_user(Role.seller, seller))

    assert refused.status_code == 403, refused.text
    assert own.status_code == 201, own.text
    assert (own.json()["seller_id"], own.json()["location_type"]) == (str(seller), "seller")


async def test_a_new_products_bundle_is_configured_at_once(
    client: httpx.AsyncClient, product: httpx.AsyncClient
) -> None:
    created = await _create(product, as_user(Role.admin), sizes=("S", "M", "L"))
    s, m, el = (v["id"] for v in created["variants"])

    response = await client.put(
        f"/api/grosir/bundles/{created['id']}",
        json={
            "units_per_bundle": {s: 2, m: 5, el: 4},
            "max_excess_units": {s: 20, m: 50, el: 40},
        },
        headers=STAFF,
    )

    assert response.status_code == 200, response.text
    bundle = response.json()
    assert {v["variant_id"]: v["units_per_bundle"] for v in bundle["variants"]} == {
        s: 2,
        m: 5,
        el: 4,
    }


async def test_racing_first_adjustments_of_a_new_variant_add_up(
    client: httpx.AsyncClient, product: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    created = await _create(product, as_user(Role.admin))
    variant_id = created["variants"][0]["id"]

    answers = await asyncio.gather(*(_adjust(client, variant_id, 3) for _ in range(6)))

    assert [a.status_code for a in answers] == [201] * 6, [a.text for a in answers]
    assert (await stock_of(client, UUID(variant_id)))["on_hand"] == 18
    assert await count(engine, "variants", f"id = '{variant_id}'") == 1
    assert await count(engine, "stock_movements", f"variant_id = '{variant_id}'") == 6


async def test_a_variant_the_catalogue_does_not_know_stays_unknown(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    response = await _adjust(client, str(uuid4()), 5)

    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["variant_id"]
    assert await count(engine, "variants") == 0


async def _deliver_product_events(product_db: str, engine: AsyncEngine) -> None:
    """The product service's outbox, through the warehouse's real handlers and inbox."""
    await deliver_outbox(
        product_db, "product", engine=engine, consumer="warehouse", handlers=HANDLERS
    )
