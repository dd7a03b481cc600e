"""Bad input: a problem+json naming the field, and nothing written (outbox included)."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.warehouse.conftest import (
    INTERNAL,
    STAFF,
    register,
    reserve,
    table_counts,
)


def _fields(response: httpx.Response) -> list[str]:
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return [e["field"] for e in body.get("errors", [])]


async def _house_product(client: httpx.AsyncClient) -> tuple[UUID, UUID]:
    product_id = uuid4()
    return product_id, await register(client, product_id=product_id, stock=3)


async def test_an_adjustment_below_zero_is_refused_naming_quantity_change(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    _, variant = await _house_product(client)
    before = await table_counts(engine)
    response = await client.post(
        "/api/warehouse/stock-adjustments",
        json={"variant_id": str(variant), "quantity_change": -4, "reason": "broken"},
        headers=STAFF,
    )
    assert response.status_code == 422
    assert _fields(response) == ["quantity_change"]
    assert await table_counts(engine) == before


async def test_an_adjustment_below_reserved_is_refused(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    _, variant = await _house_product(client)
    assert (await reserve(client, [(variant, 2)])).status_code == 201
    before = await table_counts(engine)
    response = await client.post(
        "/api/warehouse/stock-adjustments",
        json={"variant_id": str(variant), "quantity_change": -2, "reason": "lost"},
        headers=STAFF,
    )
    assert (response.status_code, _fields(response)) == (422, ["quantity_change"])
    assert await table_counts(engine) == before


async def test_an_unknown_variant_is_named(client: httpx.AsyncClient, engine: AsyncEngine) -> None:
    _, known = await _house_product(client)
    before = await table_counts(engine)
    unknown = uuid4()
    adjustment = await client.post(
        "/api/warehouse/stock-adjustments",
        json={"variant_id": str(unknown), "quantity_change": 5, "reason": "count"},
        headers=STAFF,
    )
    assert (adjustment.status_code, _fields(adjustment)) == (422, ["variant_id"])
    reservation = await reserve(client, [(known, 1), (unknown, 1)])
    assert (reservation.status_code, _fields(reservation)) == (422, ["items.1.variant_id"])
    availability = await client.get(f"/api/grosir/availability/{unknown}")
    assert availability.status_code == 404
    assert await table_counts(engine) == before


async def test_a_negative_tolerance_is_refused(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    product_id, variant = await _house_product(client)
    before = await table_counts(engine)
    response = await client.put(
        f"/api/grosir/bundles/{product_id}",
        json={"units_per_bundle": {str(variant): 2}, "max_excess_units": {str(variant): -1}},
        headers=STAFF,
    )
    assert (response.status_code, _fields(response)) == (422, [f"max_excess_units.{variant}"])
    assert await table_counts(engine) == before


async def test_a_bundle_with_a_variant_of_another_product_is_refused(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    product_id, variant = await _house_product(client)
    _, foreign = await _house_product(client)
    before = await table_counts(engine)
    response = await client.put(
        f"/api/grosir/bundles/{product_id}",
        json={"units_per_bundle": {str(variant): 2, str(foreign): 1}},
        headers=STAFF,
    )
    assert (response.status_code, _fields(response)) == (422, [f"units_per_bundle.{foreign}"])
    assert await table_counts(engine) == before


async def test_an_insufficient_reservation_writes_nothing(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    _, plenty = await _house_product(client)
    _, scarce = await _house_product(client)
    before = await table_counts(engine)
    response = await reserve(client, [(plenty, 1), (scarce, 4)])  # no bundle: stock only
    assert response.status_code == 409
    assert response.json()["variant_id"] == str(scarce)
    assert await table_counts(engine) == before


async def test_a_reservation_is_idempotent_per_checkout(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    _, variant = await _house_product(client)
    checkout = uuid4()
    first = await reserve(client, [(variant, 1)], checkout_id=checkout, order_id=checkout)
    before = await table_counts(engine)
    again = await reserve(client, [(variant, 1)], checkout_id=checkout, order_id=checkout)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert await table_counts(engine) == before
    other = await reserve(client, [(variant, 2)], checkout_id=checkout, order_id=checkout)
    assert (other.status_code, _fields(other)) == (409, ["checkout_id"])


async def test_a_seller_adjusts_only_its_own_stock(client: httpx.AsyncClient) -> None:
    from api.kit.auth import Role
    from tests.support.services import as_user

    seller = uuid4()
    own = await register(client, seller_id=seller)
    other = await register(client, seller_id=uuid4())
    headers = as_user(Role.seller, seller)
    body = {"quantity_change": 5, "reason": "restock"}
    ok = await client.post(
        "/api/warehouse/stock-adjustments", json={**body, "variant_id": str(own)}, headers=headers
    )
    assert ok.status_code == 201 and ok.json()["available"] == 5
    refused = await client.post(
        "/api/warehouse/stock-adjustments", json={**body, "variant_id": str(other)}, headers=headers
    )
    assert refused.status_code == 403
    internal_only = await client.put(f"/internal/variants/{uuid4()}", json={}, headers=headers)
    assert internal_only.status_code == 401
    assert INTERNAL  # the registry is only reachable with the internal key
