"""register → login → me through the gateway; refresh rotation and reuse detection."""

from __future__ import annotations

from tests.integration.auth.helpers import PASSWORD, new_email
from tests.integration.gateway.conftest import Edge


async def _signed_in(gw: Edge) -> tuple[dict[str, str], dict[str, object]]:
    email = new_email()
    registered = await gw.client.post(
        "/api/auth/register", json={"email": email, "password": PASSWORD, "full_name": "Budi"}
    )
    assert registered.status_code == 201, registered.text
    login = await gw.client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    return login.json(), registered.json()


async def test_register_login_me_through_the_gateway(gw: Edge) -> None:
    tokens, user = await _signed_in(gw)
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == 900
    me = await gw.client.get(
        "/api/auth/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert me.status_code == 200, me.text
    assert me.json()["id"] == user["id"]
    assert me.json()["email"] == user["email"]
    assert me.json()["role"] == "customer"


async def test_me_without_token_is_401(gw: Edge) -> None:
    response = await gw.client.get("/api/auth/me")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


async def test_refresh_rotates_and_reusing_the_old_token_revokes_the_family(gw: Edge) -> None:
    tokens, _ = await _signed_in(gw)
    first = tokens["refresh_token"]
    rotated = await gw.client.post("/api/auth/refresh", json={"refresh_token": first})
    assert rotated.status_code == 200, rotated.text
    second = rotated.json()["refresh_token"]
    assert second != first
    me = await gw.client.get(
        "/api/auth/me", headers={"Authorization": f"Bearer {rotated.json()['access_token']}"}
    )
    assert me.status_code == 200

    reuse = await gw.client.post("/api/auth/refresh", json={"refresh_token": first})
    assert reuse.status_code == 401
    assert reuse.json()["type"].endswith("/invalid-refresh-token")
    # the family is gone: even the newest token of it no longer works
    after = await gw.client.post("/api/auth/refresh", json={"refresh_token": second})
    assert after.status_code == 401


async def test_logout_revokes_the_session(gw: Edge) -> None:
    tokens, _ = await _signed_in(gw)
    out = await gw.client.post("/api/auth/logout", json={"refresh_token": tokens["refresh_token"]})
    assert out.status_code == 204
    again = await gw.client.post(
        "/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert again.status_code == 401


async def test_jwks_is_public_through_the_gateway(gw: Edge) -> None:
    response = await gw.client.get("/api/auth/.well-known/jwks.json")
    assert response.status_code == 200
    (key,) = response.json()["keys"]
    assert key["alg"] == "EdDSA"
    assert "d" not in key  # never the private part
