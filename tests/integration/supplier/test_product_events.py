"""The supplier service learns house variants from ``product.*`` events (through its real
handlers and inbox): the event of a product already read on demand changes nothing, and a
deleted product leaves every catalogue that offered it."""

from __future__ import annotations

from uuid import UUID

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from api.supplier.consumers import HANDLERS
from tests.integration.product.harness import deliver_outbox
from tests.integration.supplier.conftest import (
    ADMIN,
    STAFF,
    count,
    create_supplier,
    house_product,
    payloads,
)


async def _deliver(product_db: str, engine: AsyncEngine, product_id: str) -> int:
    """The product service's events of ``product_id``, through the handlers; returns how many."""
    return await deliver_outbox(
        product_db,
        "product",
        engine=engine,
        consumer="supplier",
        handlers=HANDLERS,
        aggregate_id=product_id,
    )


async def test_product_events_teach_variants_and_a_deleted_product_leaves_the_catalogues(
    client: httpx.AsyncClient, product: httpx.AsyncClient, product_db: str, engine: AsyncEngine
) -> None:
    kemeja = await house_product(product, ("S", "M"))
    assert await _deliver(product_db, engine, kemeja["id"]) == 1  # product.created
    assert await count(engine, "variants") == 2
    suppliers = [await create_supplier(client) for _ in range(2)]
    shape = {v["id"]: 3 for v in kemeja["variants"]}
    for supplier in suppliers:
        response = await client.put(
            f"/api/suppliers/{supplier['id']}/catalogue/{kemeja['id']}",
            json={"unit_cost": 40_000, "units_per_bundle": shape},
            headers=STAFF,
        )
        assert response.status_code == 201, response.text

    deleted = await product.delete(f"/api/products/{kemeja['id']}", headers=ADMIN)
    assert deleted.status_code == 204, deleted.text
    await _deliver(product_db, engine, kemeja["id"])  # product.created again (a duplicate), deleted

    assert await count(engine, "catalogue_entries") == 0
    withdrawn = [p for p in await payloads(engine, "supplier.updated") if p["catalogue"] == []]
    assert {UUID(p["supplier_id"]) for p in withdrawn} == {UUID(s["id"]) for s in suppliers}
    refused = await client.put(
        f"/api/suppliers/{suppliers[0]['id']}/catalogue/{kemeja['id']}",
        json={"unit_cost": 40_000, "units_per_bundle": shape},
        headers=STAFF,
    )
    assert refused.status_code == 422
