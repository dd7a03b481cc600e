"""Must show: register → a verification code delivered to the sandbox by SMTP → read there →
verified; a password reset likewise; and neither the code nor the token appears in any table of
auth_db or notification_db, in any event, or in any log line of the whole exchange."""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest
from psycopg import sql

from api.kit.db import libpq_url
from tests.integration.auth.conftest import AuthHarness
from tests.integration.auth.helpers import login, me_headers, new_email, register


def _database_text(url: str) -> str:
    """Every row of every table of a database (outbox and inbox included), as text."""
    chunks: list[str] = []
    with psycopg.connect(libpq_url(url)) as conn:
        tables = conn.execute(
            "select table_name from information_schema.tables where table_schema = 'public'"
        ).fetchall()
        for (table,) in tables:
            rows = conn.execute(
                sql.SQL("select t::text from {} t").format(sql.Identifier(table))
            ).fetchall()
            chunks.extend(row[0] for row in rows)
    return "\n".join(chunks)


def _log_text(caplog: pytest.LogCaptureFixture) -> str:
    """Every captured record: its message, its arguments and its extras."""
    return "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)


async def test_codes_and_reset_tokens_are_delivered_and_kept_nowhere(
    auth_messaging: AuthHarness,
    auth_database: str,
    notification_database: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    auth = auth_messaging
    assert auth.messaging is not None
    caplog.set_level(logging.DEBUG)
    email = new_email()
    user = await register(auth.client, email=email)
    headers = me_headers(user)

    sent = await auth.client.post("/api/auth/verification/request", headers=headers, json={})
    assert sent.status_code == 202, sent.text
    (delivered,) = await auth.messaging.received(to=email, kind="verification_code")
    assert delivered["provider"] == "smtp"  # the sandbox's real SMTP server took it
    code = re.search(r"\b(\d{6})\b", delivered["body"])
    assert code, delivered["body"]
    verified = await auth.client.post(
        "/api/auth/verification/confirm", headers=headers, json={"code": code.group(1)}
    )
    assert verified.status_code == 200 and verified.json()["status"] == "active"

    asked = await auth.client.post("/api/auth/password-reset/request", json={"email": email})
    assert asked.status_code == 202
    (reset,) = await auth.messaging.received(to=email, kind="password_reset")
    link = re.search(r"(https?://\S+)", reset["body"])
    assert link
    token = parse_qs(urlsplit(link.group(1)).query)["token"][0]
    assert token in (reset["html"] or "")
    done = await auth.client.post(
        "/api/auth/password-reset/confirm",
        json={"email": email, "token": token, "new_password": "a-new-batik-pass"},
    )
    assert done.status_code == 204, done.text
    assert (await login(auth.client, email, "a-new-batik-pass")).status_code == 200

    stored = _database_text(auth_database) + _database_text(notification_database)
    assert email in stored  # the search does look where the messages were kept
    assert "verification_code" in stored and "password_reset" in stored
    for secret in (code.group(1), token):
        assert secret not in stored
        assert secret not in _log_text(caplog)
    kept = await auth.messaging.rows(
        "select body from messages where kind in ('verification_code', 'password_reset')"
    )
    assert len(kept) == 2 and all("••••••" in body for (body,) in kept)
