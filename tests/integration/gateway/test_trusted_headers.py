"""The gateway owns the trust headers: client-supplied ones never reach a service."""

from __future__ import annotations

from uuid import uuid4

from api.gateway.app import GatewaySettings
from tests.integration.auth.helpers import PASSWORD, new_email
from tests.integration.gateway.conftest import Edge, edge


async def test_client_identity_and_key_headers_are_replaced_by_the_gateways(gw: Edge) -> None:
    email = new_email()
    user = (
        await gw.client.post(
            "/api/auth/register", json={"email": email, "password": PASSWORD, "full_name": "C"}
        )
    ).json()
    tokens = (
        await gw.client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    ).json()
    someone_else = str(uuid4())
    response = await gw.client.get(
        "/api/products/anything?x=1",
        headers={
            "Authorization": f"Bearer {tokens['access_token']}",
            "x-user-id": someone_else,
            "X-User-Role": "admin",
            "x-user-email": "evil@example.id",
            "x-gateway-key": "guessed",
            "x-internal-api-key": "guessed-too",
        },
    )
    assert response.status_code == 200
    seen = response.json()["headers"]
    assert seen["x-user-id"] == user["id"]
    assert seen["x-user-role"] == "customer"
    assert "x-user-email" not in seen
    assert "x-internal-api-key" not in seen
    assert seen["x-gateway-key"] == gw.app.state.settings.gateway_secret_key.get_secret_value()
    assert seen["x-request-id"]
    assert response.json()["query"] == "x=1"


async def test_anonymous_calls_carry_no_identity_even_if_the_client_sends_one(gw: Edge) -> None:
    response = await gw.client.get(
        "/api/products", headers={"x-user-id": str(uuid4()), "x-user-role": "admin"}
    )
    seen = response.json()["headers"]
    assert "x-user-id" not in seen
    assert "x-user-role" not in seen
    assert "x-gateway-key" in seen


async def test_me_with_a_forged_x_user_id_shows_the_token_owner(gw: Edge) -> None:
    email = new_email()
    await gw.client.post(
        "/api/auth/register", json={"email": email, "password": PASSWORD, "full_name": "D"}
    )
    tokens = (
        await gw.client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    ).json()
    me = await gw.client.get(
        "/api/auth/me",
        headers={"Authorization": f"Bearer {tokens['access_token']}", "x-user-id": str(uuid4())},
    )
    assert me.json()["email"] == email


async def test_request_body_and_request_id_pass_through(gw: Edge) -> None:
    response = await gw.client.post(
        "/api/products", content=b'{"name": "Batik"}', headers={"x-request-id": "req-123"}
    )
    assert response.json()["body"] == '{"name": "Batik"}'
    assert response.json()["headers"]["x-request-id"] == "req-123"


async def test_a_webhooks_own_authorization_passes_unverified_and_gives_no_identity(
    auth_database: str,
) -> None:
    # Vonage signs its status webhooks with a JWT of its own in Authorization: the gateway must
    # neither refuse it as a bad LAKOO token nor turn it into an identity.
    vonage_jwt = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJWb25hZ2UifQ.c2lnbmVk"
    async with edge(
        auth_database,
        services=["auth", "product", "notification"],
        service_urls={
            **GatewaySettings().service_urls,
            "auth": "http://auth.test",
            "product": "http://echo.test",
            "notification": "http://echo.test",
        },
    ) as e:
        webhook = await e.client.post(
            "/webhooks/messages/vonage",
            content=b"{}",
            headers={"Authorization": vonage_jwt, "x-user-id": str(uuid4())},
        )
        api = await e.client.get("/api/products", headers={"Authorization": vonage_jwt})
    assert webhook.status_code == 200
    seen = webhook.json()["headers"]
    assert seen["authorization"] == vonage_jwt  # for the service to verify
    assert "x-user-id" not in seen and "x-user-role" not in seen
    assert api.status_code == 401  # the same header on /api/ is a token, and a bad one
