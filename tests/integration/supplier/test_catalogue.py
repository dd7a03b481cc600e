"""Catalogue offers: a house product's bundle, cost, minimum and lead time, checked against the
product's own variants — read from the product service the moment the product exists — and
announced whole in ``supplier.updated`` for the warehouse."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from api.kit.auth import Role
from tests.integration.supplier.conftest import (
    ADMIN,
    STAFF,
    count,
    create_supplier,
    fields_named,
    house_product,
    payloads,
    table_counts,
)
from tests.support.services import as_user


def _shape(product: dict[str, Any], *units: int) -> dict[str, int]:
    return {v["id"]: n for v, n in zip(product["variants"], units, strict=True)}


async def _put(
    client: httpx.AsyncClient, supplier_id: str, product_id: str, body: dict[str, Any]
) -> httpx.Response:
    return await client.put(
        f"/api/suppliers/{supplier_id}/catalogue/{product_id}", json=body, headers=STAFF
    )


async def test_an_offer_of_a_product_just_created_is_stored_and_announced_whole(
    client: httpx.AsyncClient, product: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    supplier = await create_supplier(client, lead_time_days=10)
    kemeja = await house_product(product)
    shape = _shape(kemeja, 2, 5, 4, 1)  # the grosir shape of DOMAIN.md: 12 units

    response = await _put(
        client, supplier["id"], kemeja["id"], {"unit_cost": 55_000, "units_per_bundle": shape}
    )

    assert response.status_code == 201, response.text
    offer = response.json()
    assert (offer["bundle_units"], offer["bundle_cost"]) == (12, 660_000)
    assert (offer["min_bundles"], offer["lead_time_days"]) == (1, 10)  # the supplier's lead time
    assert offer["units_per_bundle"] == shape
    (updated,) = await payloads(engine, "supplier.updated")
    assert updated["changed_fields"] == ["catalogue"]
    (announced,) = updated["catalogue"]
    assert announced == {
        "product_id": kemeja["id"],
        "unit_cost": 55_000,
        "bundle_cost": 660_000,
        "units_per_bundle": [{"variant_id": v, "units": n} for v, n in shape.items()],
        "min_bundles": 1,
        "lead_time_days": 10,
    }
    # contacts travel with every supplier event: the PO WhatsApp goes there
    assert (updated["whatsapp"], updated["contact_name"]) == ("+6281234567890", "Bu Ratna")

    replaced = await _put(
        client,
        supplier["id"],
        kemeja["id"],
        {"unit_cost": 50_000, "units_per_bundle": _shape(kemeja, 1, 2, 2, 1), "min_bundles": 3},
    )
    assert replaced.status_code == 200, replaced.text
    assert await count(engine, "catalogue_items") == 4
    detail = (await client.get(f"/api/suppliers/{supplier['id']}", headers=STAFF)).json()
    assert [(o["bundle_cost"], o["min_bundles"]) for o in detail["catalogue"]] == [(300_000, 3)]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"unit_cost": -5_000}, "unit_cost"),
        ({"unit_cost": 0}, "unit_cost"),
        ({"lead_time_days": 0}, "lead_time_days"),
        ({"min_bundles": 0}, "min_bundles"),
        ({"units_per_bundle": {}}, "units_per_bundle"),
    ],
)
async def test_a_bad_cost_lead_time_or_minimum_is_refused_naming_it_and_nothing_is_written(
    client: httpx.AsyncClient,
    product: httpx.AsyncClient,
    engine: AsyncEngine,
    change: dict[str, Any],
    field: str,
) -> None:
    supplier = await create_supplier(client)
    kemeja = await house_product(product)
    before = await table_counts(engine)

    response = await _put(
        client,
        supplier["id"],
        kemeja["id"],
        {"unit_cost": 55_000, "units_per_bundle": _shape(kemeja, 2, 5, 4, 1), **change},
    )

    assert response.status_code == 422, response.text
    assert fields_named(response) == [field]
    assert await table_counts(engine) == before


async def test_a_bundle_naming_a_variant_of_another_product_is_refused_and_nothing_written(
    client: httpx.AsyncClient, product: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    supplier = await create_supplier(client)
    kemeja, celana = await house_product(product), await house_product(product, ("M",))
    stranger = celana["variants"][0]["id"]
    before = await table_counts(engine)

    response = await _put(
        client,
        supplier["id"],
        kemeja["id"],
        {"unit_cost": 55_000, "units_per_bundle": {kemeja["variants"][0]["id"]: 2, stranger: 5}},
    )

    assert response.status_code == 422, response.text
    assert fields_named(response) == [f"units_per_bundle.{stranger}"]
    assert celana["id"] in response.json()["detail"]
    # not even the variants read from the product service on the way are kept
    assert await table_counts(engine) == before


async def test_unknown_and_seller_products_cannot_be_offered(
    client: httpx.AsyncClient, product: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    supplier = await create_supplier(client)
    seller = as_user(Role.seller)
    body = {
        "name": "Tas Anyaman",
        "variants": [{"sku": f"TAS-{uuid4().hex[:8]}", "price": 90_000, "weight_grams": 200}],
    }
    own = (await product.post("/api/products", json=body, headers=seller)).json()
    before = await table_counts(engine)

    foreign = await _put(
        client,
        supplier["id"],
        own["id"],
        {"unit_cost": 1, "units_per_bundle": {own["variants"][0]["id"]: 1}},
    )
    unknown = await _put(
        client,
        supplier["id"],
        str(uuid4()),
        {"unit_cost": 1, "units_per_bundle": {str(uuid4()): 1}},
    )

    assert (foreign.status_code, fields_named(foreign)) == (422, ["product_id"])
    assert (unknown.status_code, fields_named(unknown)) == (422, ["product_id"])
    assert await table_counts(engine) == before


async def test_only_purchasing_staff_set_offers_and_unknown_suppliers_are_404(
    client: httpx.AsyncClient, product: httpx.AsyncClient
) -> None:
    kemeja = await house_product(product)
    body = {"unit_cost": 55_000, "units_per_bundle": _shape(kemeja, 2, 5, 4, 1)}
    supplier = await create_supplier(client)
    path = f"/api/suppliers/{supplier['id']}/catalogue/{kemeja['id']}"

    for role in (Role.customer, Role.seller, Role.brand_manager):
        refused = await client.put(path, json=body, headers=as_user(role))
        assert refused.status_code == 403, role
    missing = await client.put(
        f"/api/suppliers/{uuid4()}/catalogue/{kemeja['id']}", json=body, headers=ADMIN
    )
    assert missing.status_code == 404


async def test_withdrawing_an_offer_announces_the_catalogue_without_it(
    client: httpx.AsyncClient, product: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    supplier = await create_supplier(client)
    kemeja = await house_product(product)
    await _put(
        client,
        supplier["id"],
        kemeja["id"],
        {"unit_cost": 1_000, "units_per_bundle": _shape(kemeja, 1, 1, 1, 1)},
    )

    response = await client.delete(
        f"/api/suppliers/{supplier['id']}/catalogue/{kemeja['id']}", headers=STAFF
    )
    again = await client.delete(
        f"/api/suppliers/{supplier['id']}/catalogue/{kemeja['id']}", headers=STAFF
    )

    assert (response.status_code, again.status_code) == (204, 404)
    assert [p["catalogue"] for p in await payloads(engine, "supplier.updated")][-1] == []
    assert await count(engine, "catalogue_items") == 0
