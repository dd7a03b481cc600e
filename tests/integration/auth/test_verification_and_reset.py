"""Verification codes and reset tokens: delivered through the notification service to the
messaging sandbox (SMTP), read from there, single use, ≤ 3 attempts."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from api.auth import service, sessions, verification
from tests.integration.auth.conftest import AuthHarness
from tests.integration.auth.helpers import (
    PASSWORD,
    login,
    me_headers,
    new_email,
    register,
    reset_token,
)


@pytest.fixture
def auth(auth_messaging: AuthHarness) -> AuthHarness:
    """These tests send codes: auth wired to the notification app and the sandbox."""
    return auth_messaging


async def _last_message(auth: AuthHarness, recipient: str) -> str:
    return await auth.last_message(recipient)


async def test_email_verification_activates_the_account_and_emits_user_verified(
    auth: AuthHarness,
) -> None:
    user = await register(auth.client)
    headers = me_headers(user)
    sent = await auth.client.post("/api/auth/verification/request", headers=headers, json={})
    assert sent.status_code == 202
    code = re.search(r"\b(\d{6})\b", await _last_message(auth, user["email"]))
    assert code
    confirmed = await auth.client.post(
        "/api/auth/verification/confirm", headers=headers, json={"code": code.group(1)}
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "active"
    assert confirmed.json()["email_verified_at"] is not None
    (event,) = auth.events("user.verified")
    assert event["channel"] == "email"
    again = await auth.client.post(
        "/api/auth/verification/confirm", headers=headers, json={"code": code.group(1)}
    )
    assert again.status_code == 422  # single use


async def test_a_code_is_burned_after_three_wrong_attempts(auth: AuthHarness) -> None:
    user = await register(auth.client)
    headers = me_headers(user)
    await auth.client.post("/api/auth/verification/request", headers=headers, json={})
    code = re.search(r"\b(\d{6})\b", await _last_message(auth, user["email"]))
    assert code
    wrong = "000000" if code.group(1) != "000000" else "111111"
    for _ in range(3):
        response = await auth.client.post(
            "/api/auth/verification/confirm", headers=headers, json={"code": wrong}
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "code"
    right = await auth.client.post(
        "/api/auth/verification/confirm", headers=headers, json={"code": code.group(1)}
    )
    assert right.status_code == 422
    assert auth.events("user.verified") == []


async def test_an_expired_code_is_refused(auth: AuthHarness) -> None:
    user = await register(auth.client)
    headers = me_headers(user)
    await auth.client.post("/api/auth/verification/request", headers=headers, json={})
    code = re.search(r"\b(\d{6})\b", await _last_message(auth, user["email"]))
    assert code
    auth.clock.advance(minutes=11)
    response = await auth.client.post(
        "/api/auth/verification/confirm", headers=headers, json={"code": code.group(1)}
    )
    assert response.status_code == 422


async def test_password_reset_sets_a_new_password_and_revokes_sessions(auth: AuthHarness) -> None:
    email = new_email()
    await register(auth.client, email=email)
    session = (await login(auth.client, email)).json()
    requested = await auth.client.post("/api/auth/password-reset/request", json={"email": email})
    assert requested.status_code == 202
    link = re.search(r"(https?://\S+)", await _last_message(auth, email))
    assert link
    token = parse_qs(urlsplit(link.group(1)).query)["token"][0]
    new_password = "brand-new-pass"
    done = await auth.client.post(
        "/api/auth/password-reset/confirm",
        json={"email": email, "token": token, "new_password": new_password},
    )
    assert done.status_code == 204, done.text
    assert (await login(auth.client, email, PASSWORD)).status_code == 401
    assert (await login(auth.client, email, new_password)).status_code == 200
    refresh = await auth.client.post(
        "/api/auth/refresh", json={"refresh_token": session["refresh_token"]}
    )
    assert refresh.status_code == 401
    assert len(auth.events("user.password_reset")) == 1
    reuse = await auth.client.post(
        "/api/auth/password-reset/confirm",
        json={"email": email, "token": token, "new_password": "third-password"},
    )
    assert reuse.status_code == 422
    assert reuse.json()["errors"][0]["field"] == "token"


async def test_reset_for_an_unknown_email_answers_the_same_and_sends_nothing(
    auth: AuthHarness,
) -> None:
    response = await auth.client.post(
        "/api/auth/password-reset/request", json={"email": new_email()}
    )
    assert response.status_code == 202
    assert auth.messaging is not None and await auth.messaging.received() == []
    assert auth.count("one_time_codes") == 0


async def test_argon2_never_runs_on_the_event_loop(
    auth: AuthHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hashing and verifying take tens of milliseconds by design: on the loop they would stall
    every other request of the process. Register, login and reset must run them in threads."""
    loop_thread = threading.get_ident()
    threads: list[tuple[str, bool]] = []

    def watched(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any) -> Any:
            threads.append((name, threading.get_ident() == loop_thread))
            return real(*args)

        return run

    for module in (service, sessions, verification):
        for name in ("hash_password", "verify_password", "burn_verification_time"):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, watched(name, getattr(module, name)))
    email = new_email()
    await register(auth.client, email=email)
    await login(auth.client, email)
    await login(auth.client, new_email())
    await auth.client.post("/api/auth/password-reset/request", json={"email": email})
    token = reset_token(await _last_message(auth, email))
    confirmed = await auth.client.post(
        "/api/auth/password-reset/confirm",
        json={"email": email, "token": token, "new_password": "another-pass-1"},
    )
    assert confirmed.status_code == 204
    assert {name for name, _ in threads} == {
        "hash_password",
        "verify_password",
        "burn_verification_time",
    }
    assert [name for name, on_loop in threads if on_loop] == []
