"""Role changes: admins only; the new role is in the next access token; user.role_changed."""

from __future__ import annotations

from uuid import uuid4

from api.kit.auth import Role
from tests.integration.auth.conftest import AuthHarness
from tests.integration.auth.helpers import register
from tests.support.services import as_user


async def test_admin_changes_a_role_and_the_event_names_both_roles(auth: AuthHarness) -> None:
    user = await register(auth.client)
    admin_id = uuid4()
    response = await auth.client.put(
        f"/api/auth/users/{user['id']}/role",
        headers=as_user(Role.admin, admin_id),
        json={"role": "seller"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["role"] == "seller"
    (event,) = auth.events("user.role_changed")
    assert event["old_role"] == "customer"
    assert event["new_role"] == "seller"
    assert event["changed_by"] == str(admin_id)


async def test_non_admin_cannot_change_roles_and_nothing_changes(auth: AuthHarness) -> None:
    user = await register(auth.client)
    response = await auth.client.put(
        f"/api/auth/users/{user['id']}/role", headers=as_user(Role.seller), json={"role": "admin"}
    )
    assert response.status_code == 403
    assert auth.events("user.role_changed") == []


async def test_unknown_role_is_422_naming_role(auth: AuthHarness) -> None:
    user = await register(auth.client)
    response = await auth.client.put(
        f"/api/auth/users/{user['id']}/role", headers=as_user(Role.admin), json={"role": "king"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "role"
    assert auth.events("user.role_changed") == []


async def test_direct_call_without_the_gateway_key_is_401(auth: AuthHarness) -> None:
    user = await register(auth.client)
    response = await auth.client.get(
        "/api/auth/me", headers={"x-user-id": user["id"], "x-user-role": "admin"}
    )
    assert response.status_code == 401
