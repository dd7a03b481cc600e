"""Registration: the happy path, its event, and every bad input writing nothing."""

from __future__ import annotations

import pytest

from tests.integration.auth.conftest import AuthHarness
from tests.integration.auth.helpers import PASSWORD, new_email, register


async def test_register_answers_id_email_role_and_records_user_registered(
    auth: AuthHarness,
) -> None:
    email = new_email()
    user = await register(auth.client, email=email.upper(), phone="+6281234567890")
    assert user["email"] == email  # normalised to lower case
    assert user["role"] == "customer"
    assert set(user) == {"id", "email", "role"}
    (event,) = auth.events("user.registered")
    assert event["user_id"] == user["id"]
    assert event["status"] == "pending_verification"
    assert event["phone"] == "+6281234567890"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email", "password": PASSWORD, "full_name": "A"}, "email"),
        ({"email": "a@example.id", "password": "short", "full_name": "A"}, "password"),
        (
            {"email": "a@example.id", "password": PASSWORD, "full_name": "A", "role": "admin"},
            "role",
        ),
        (
            {"email": "a@example.id", "password": PASSWORD, "full_name": "A", "phone": "0812"},
            "phone",
        ),
        ({"email": "a@example.id", "password": PASSWORD}, "full_name"),
    ],
    ids=["malformed-email", "short-password", "unknown-field", "bad-phone", "missing-name"],
)
async def test_register_rejects_bad_input_naming_the_field_and_writes_nothing(
    auth: AuthHarness, body: dict[str, str], field: str
) -> None:
    response = await auth.client.post("/api/auth/register", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert field in [error["field"] for error in problem["errors"]]
    assert auth.count("users") == 0
    assert auth.count("outbox") == 0


async def test_register_duplicate_email_any_case_is_409_naming_email_and_writes_nothing(
    auth: AuthHarness,
) -> None:
    email = new_email()
    await register(auth.client, email=email)
    response = await auth.client.post(
        "/api/auth/register",
        json={"email": email.upper(), "password": PASSWORD, "full_name": "Other"},
    )
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["email"]
    assert auth.count("users") == 1
    assert auth.count("outbox") == 1  # only the first registration's event


async def test_register_duplicate_phone_is_409_naming_phone(auth: AuthHarness) -> None:
    await register(auth.client, phone="+6281111111111")
    response = await auth.client.post(
        "/api/auth/register",
        json={
            "email": new_email(),
            "password": PASSWORD,
            "full_name": "B",
            "phone": "+6281111111111",
        },
    )
    assert response.status_code == 409
    assert [e["field"] for e in response.json()["errors"]] == ["phone"]
    assert auth.count("users") == 1
    assert auth.count("outbox") == 1
