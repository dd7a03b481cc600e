"""Registration: the happy path, its event, and every bad input writing nothing."""

from __future__ import annotations

import asyncio

import pytest

from tests.integration.auth.conftest import AuthHarness
from tests.integration.auth.helpers import PASSWORD, login, new_email, register


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


async def test_a_taken_email_answers_like_a_free_one_and_tells_its_owner(
    auth_messaging: AuthHarness,
) -> None:
    """No account enumeration: the same 201 {id, email, role} for a taken email (any case),
    no second account, no event; the owner gets an email saying someone tried."""
    auth = auth_messaging
    email = new_email()
    first = await register(auth.client, email=email)
    response = await auth.client.post(
        "/api/auth/register",
        json={"email": email.upper(), "password": PASSWORD, "full_name": "Other"},
    )
    assert response.status_code == 201
    again = response.json()
    assert set(again) == set(first) == {"id", "email", "role"}
    assert (again["email"], again["role"]) == (email, "customer")
    assert again["id"] != first["id"]  # a fresh id naming no account
    assert auth.count("users") == 1
    assert auth.count("outbox") == 1  # only the first registration's event
    assert auth.messaging is not None
    await auth.messaging.deliver()
    (notice,) = await auth.messaging.received(to=email, kind="registration_attempt")
    assert "sudah punya akun" in notice["body"]  # Indonesian, the default locale
    assert (await login(auth.client, email, PASSWORD)).status_code == 200  # untouched


async def test_a_taken_phone_is_left_off_the_new_account_not_reported(auth: AuthHarness) -> None:
    await register(auth.client, phone="+6281111111111")
    email = new_email()
    user = await register(auth.client, email=email, phone="+6281111111111")
    assert set(user) == {"id", "email", "role"}
    assert auth.count("users") == 2
    second = auth.events("user.registered")[1]
    assert (second["user_id"], second["phone"]) == (user["id"], None)


async def test_concurrent_registrations_of_one_email_make_one_account(
    auth_messaging: AuthHarness,
) -> None:
    auth = auth_messaging  # the five that lose tell the owner
    email = new_email()
    body = {"email": email, "password": PASSWORD, "full_name": "Race"}
    answers = await asyncio.gather(
        *(auth.client.post("/api/auth/register", json=body) for _ in range(6))
    )
    assert [a.status_code for a in answers] == [201] * 6
    assert auth.count("users") == 1
    assert len(auth.events("user.registered")) == 1
