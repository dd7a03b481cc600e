"""Suppliers: registered with contacts and terms, updated, blocked by admins; every change
published with the supplier as it is after it (the warehouse and notification keep copies)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from api.kit.auth import Role
from tests.integration.supplier.conftest import (
    ADMIN,
    STAFF,
    create_supplier,
    fields_named,
    payloads,
    table_counts,
)
from tests.support.services import as_user


async def test_a_supplier_is_registered_with_contacts_and_default_terms(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    supplier = await create_supplier(client, code="PBK-SOLO-01", name="Konveksi Solo")

    assert (supplier["payment_terms_days"], supplier["lead_time_days"]) == (30, 7)
    assert (supplier["status"], supplier["standing"], supplier["catalogue"]) == (
        "active",
        "unrated",
        [],
    )
    (created,) = await payloads(engine, "supplier.created")
    assert created["supplier_id"] == supplier["id"]
    assert (created["code"], created["whatsapp"], created["email"]) == (
        "PBK-SOLO-01",
        "+6281234567890",
        "order@konveksi-bandung.co.id",
    )
    assert (created["standing"], created["catalogue"]) == ("unrated", [])


async def test_a_taken_code_is_a_409_naming_it(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    await create_supplier(client, code="PBK-DUP")
    before = await table_counts(engine)

    response = await client.post(
        "/api/suppliers", json={"code": "PBK-DUP", "name": "Another"}, headers=STAFF
    )

    assert (response.status_code, fields_named(response)) == (409, ["code"])
    assert await table_counts(engine) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"whatsapp": "081234567890"}, "whatsapp"),  # not E.164
        ({"email": "not-an-address"}, "email"),
        ({"lead_time_days": 0}, "lead_time_days"),
        ({"payment_terms_days": -1}, "payment_terms_days"),
        ({"code": "lower case"}, "code"),
        ({"type": "broker"}, "type"),
    ],
)
async def test_bad_supplier_details_are_refused_naming_the_field(
    client: httpx.AsyncClient, engine: AsyncEngine, change: dict[str, Any], field: str
) -> None:
    before = await table_counts(engine)

    response = await client.post(
        "/api/suppliers", json={"code": "PBK-X", "name": "X", **change}, headers=STAFF
    )

    assert (response.status_code, fields_named(response)) == (422, [field])
    assert await table_counts(engine) == before


async def test_an_update_names_what_changed_and_a_no_op_publishes_nothing(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    supplier = await create_supplier(client)
    path = f"/api/suppliers/{supplier['id']}"

    changed = await client.patch(
        path, json={"whatsapp": "+6289876543210", "lead_time_days": 12}, headers=STAFF
    )
    same = await client.patch(path, json={"lead_time_days": 12}, headers=STAFF)
    cleared = await client.patch(path, json={"email": None}, headers=STAFF)
    emptied = await client.patch(path, json={"name": None}, headers=STAFF)

    assert changed.status_code == same.status_code == cleared.status_code == 200
    assert (emptied.status_code, fields_named(emptied)) == (422, ["name"])
    updates = await payloads(engine, "supplier.updated")
    assert [u["changed_fields"] for u in updates] == [["lead_time_days", "whatsapp"], ["email"]]
    assert (updates[0]["whatsapp"], updates[0]["lead_time_days"]) == ("+6289876543210", 12)
    assert updates[1]["email"] is None


async def test_only_an_admin_blocks_a_supplier_or_lifts_the_block(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    supplier = await create_supplier(client)
    path = f"/api/suppliers/{supplier['id']}"

    by_staff = await client.patch(path, json={"status": "blocked"}, headers=STAFF)
    by_admin = await client.patch(path, json={"status": "blocked"}, headers=ADMIN)
    lifted_by_staff = await client.patch(path, json={"status": "active"}, headers=STAFF)

    assert (by_staff.status_code, by_admin.status_code, lifted_by_staff.status_code) == (
        403,
        200,
        403,
    )
    assert [u["status"] for u in await payloads(engine, "supplier.updated")] == ["blocked"]


async def test_suppliers_are_purchasing_staffs_business(client: httpx.AsyncClient) -> None:
    supplier = await create_supplier(client, name="Pabrik Garmen Cimahi")

    for role in (Role.customer, Role.seller, Role.support_agent):
        assert (
            await client.get(f"/api/suppliers/{supplier['id']}", headers=as_user(role))
        ).status_code == 403
    found = await client.get("/api/suppliers", params={"q": "cimahi"}, headers=STAFF)
    assert [s["id"] for s in found.json()["items"]] == [supplier["id"]]
    anonymous = await client.get("/api/suppliers")
    assert anonymous.status_code == 401
