"""Addresses: validated against the villages, one default, the last never deleted."""

from __future__ import annotations

from uuid import uuid4

import httpx

from api.kit.auth import Role
from tests.integration.address.conftest import address_body, rows
from tests.support.services import as_user, internal_headers


async def test_an_address_in_gambir_is_saved_as_the_first_default(
    client: httpx.AsyncClient, address_db: str
) -> None:
    user = as_user(Role.customer)
    response = await client.post("/api/addresses", json=address_body(), headers=user)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["is_default"] is True and body["phone"] == "+6281234567890"
    assert (body["village"], body["district"], body["postal_code"]) == ("Gambir", "Gambir", "10110")
    snapshot = await client.get(f"/internal/addresses/{body['id']}", headers=internal_headers())
    assert snapshot.status_code == 200
    assert snapshot.json()["city"] == "Kota Administrasi Jakarta Pusat"
    assert snapshot.json()["province_code"] == "31"
    assert snapshot.json()["id"] == body["id"] == snapshot.json()["address_id"]
    assert snapshot.json()["user_id"] == user["x-user-id"]


async def test_a_postal_code_not_of_its_village_is_422_naming_it_and_nothing_written(
    client: httpx.AsyncClient, address_db: str
) -> None:
    user = as_user(Role.customer)
    before = await rows(address_db)
    for body, field in (
        (address_body(postal_code="40115"), "postal_code"),
        (address_body(village_code="31.71.99.9999"), "village_code"),
        (address_body(phone="12345678"), "phone"),
        (address_body(postal_code="1011"), "postal_code"),
    ):
        response = await client.post("/api/addresses", json=body, headers=user)
        assert response.status_code == 422, body
        assert response.headers["content-type"] == "application/problem+json"
        assert [e["field"] for e in response.json()["errors"]] == [field]
    assert await rows(address_db) == before


async def test_deleting_the_only_address_is_409(client: httpx.AsyncClient, address_db: str) -> None:
    user = as_user(Role.customer)
    created = (await client.post("/api/addresses", json=address_body(), headers=user)).json()
    before = await rows(address_db)
    response = await client.delete(f"/api/addresses/{created['id']}", headers=user)
    assert response.status_code == 409
    assert await rows(address_db) == before


async def test_deleting_the_default_promotes_another_and_only_one_is_default(
    client: httpx.AsyncClient, address_db: str
) -> None:
    user_id = uuid4()
    user = as_user(Role.customer, user_id)
    first = (await client.post("/api/addresses", json=address_body(), headers=user)).json()
    second = (
        await client.post("/api/addresses", json=address_body(is_default=True), headers=user)
    ).json()
    listed = (await client.get("/api/addresses", headers=user)).json()
    assert [a["id"] for a in listed["items"] if a["is_default"]] == [second["id"]]

    assert (await client.delete(f"/api/addresses/{second['id']}", headers=user)).status_code == 204
    remaining = (await client.get("/api/addresses", headers=user)).json()["items"]
    assert [(a["id"], a["is_default"]) for a in remaining] == [(first["id"], True)]


async def test_only_the_owner_sees_or_changes_an_address(client: httpx.AsyncClient) -> None:
    owner = as_user(Role.customer)
    created = (await client.post("/api/addresses", json=address_body(), headers=owner)).json()
    other = as_user(Role.customer)
    assert (await client.get(f"/api/addresses/{created['id']}", headers=other)).status_code == 403
    patch = await client.patch(
        f"/api/addresses/{created['id']}", json={"street": "Jl. Lain 1"}, headers=other
    )
    assert patch.status_code == 403
    mine = await client.patch(
        f"/api/addresses/{created['id']}", json={"street": "Jl. Kebon Sirih 5"}, headers=owner
    )
    assert mine.status_code == 200 and mine.json()["street"] == "Jl. Kebon Sirih 5"
    assert (await client.post("/api/addresses", json=address_body())).status_code == 401


async def test_an_explicit_null_for_a_required_field_is_a_422_naming_it(
    client: httpx.AsyncClient, address_db: str
) -> None:
    """Found by the fuzzer: ``{"is_default": null}`` and ``{"phone": null}`` were 500s."""
    user = as_user(Role.customer)
    created = (await client.post("/api/addresses", json=address_body(), headers=user)).json()
    before = await rows(address_db)
    for field in ("is_default", "phone", "street"):
        response = await client.patch(
            f"/api/addresses/{created['id']}", json={field: None}, headers=user
        )
        assert response.status_code == 422, (field, response.text)
        assert [e["field"] for e in response.json()["errors"]] == [field]
    assert await rows(address_db) == before
    cleared = await client.patch(
        f"/api/addresses/{created['id']}", json={"label": None}, headers=user
    )
    assert cleared.status_code == 200
