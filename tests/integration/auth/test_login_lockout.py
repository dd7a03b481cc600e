"""Login: five failures lock the account for 15 minutes, even against the right password."""

from __future__ import annotations

import asyncio

from tests.integration.auth.conftest import AuthHarness
from tests.integration.auth.helpers import login, new_email, register


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
