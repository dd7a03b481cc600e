"""Login: five failures lock the account for 15 minutes, even against the right password."""

from __future__ import annotations

import asyncio

import httpx

from tests.integration.auth.conftest import AuthHarness
from tests.integration.auth.helpers import login, new_email, register, reset_token


async def test_five_failed_logins_lock_the_account_until_the_lock_ends(auth: AuthHarness) -> None:
    email = new_email()
    await register(auth.client, email=email)
    for _ in range(5):
        wrong = await login(auth.client, email, "wrong-password")
        assert wrong.status_code == 401
        assert wrong.headers["content-type"] == "application/problem+json"

    sixth = await login(auth.client, email)  # the right password
    assert sixth.status_code == 423
    assert sixth.json()["type"].endswith("/account-locked")
    assert 0 < int(sixth.headers["retry-after"]) <= 15 * 60
    assert auth.count("refresh_tokens") == 0
    assert auth.events("user.login") == []

    auth.clock.advance(minutes=14, seconds=59)
    assert (await login(auth.client, email)).status_code == 423
    auth.clock.advance(seconds=2)
    after = await login(auth.client, email)
    assert after.status_code == 200, after.text
    assert len(auth.events("user.login")) == 1


async def test_concurrent_wrong_passwords_are_all_counted(auth: AuthHarness) -> None:
    email = new_email()
    await register(auth.client, email=email)
    results = await asyncio.gather(*(login(auth.client, email, "nope-nope") for _ in range(5)))
    assert [r.status_code for r in results] == [401] * 5
    assert (await login(auth.client, email)).status_code == 423


async def test_a_successful_login_resets_the_failure_count(auth: AuthHarness) -> None:
    email = new_email()
    await register(auth.client, email=email)
    for _ in range(4):
        await login(auth.client, email, "wrong-password")
    assert (await login(auth.client, email)).status_code == 200
    for _ in range(4):
        await login(auth.client, email, "wrong-password")
    assert (await login(auth.client, email)).status_code == 200


async def test_unknown_email_is_the_same_401_as_a_wrong_password(auth: AuthHarness) -> None:
    response = await login(auth.client, new_email())
    assert response.status_code == 401
    assert response.json()["type"].endswith("/invalid-credentials")


async def test_an_unknown_email_locks_exactly_like_a_known_one(auth: AuthHarness) -> None:
    """The 423 must not tell which emails have accounts: five failures lock any email."""
    known, unknown = new_email(), new_email()
    await register(auth.client, email=known)
    answers: dict[str, list[httpx.Response]] = {known: [], unknown: []}
    for email in (known, unknown):
        for _ in range(6):
            answers[email].append(await login(auth.client, email, "wrong-password"))

    def shape(response: httpx.Response) -> tuple[int, str, str | None]:
        body = response.json()
        return response.status_code, body["type"], response.headers.get("retry-after")

    assert [shape(r) for r in answers[known]] == [shape(r) for r in answers[unknown]]
    assert [r.status_code for r in answers[unknown]] == [401] * 5 + [423]
    assert {k: v for k, v in answers[unknown][-1].json().items() if k != "request_id"} == {
        k: v for k, v in answers[known][-1].json().items() if k != "request_id"
    }


async def test_a_password_reset_lifts_the_lock(auth_messaging: AuthHarness) -> None:
    auth = auth_messaging
    email = new_email()
    await register(auth.client, email=email)
    for _ in range(5):
        await login(auth.client, email, "wrong-password")
    assert (await login(auth.client, email)).status_code == 423
    await auth.client.post("/api/auth/password-reset/request", json={"email": email})
    token = reset_token(await auth.last_message(email))
    confirmed = await auth.client.post(
        "/api/auth/password-reset/confirm",
        json={"email": email, "token": token, "new_password": "a-brand-new-pass"},
    )
    assert confirmed.status_code == 204, confirmed.text
    assert (await login(auth.client, email, "a-brand-new-pass")).status_code == 200
