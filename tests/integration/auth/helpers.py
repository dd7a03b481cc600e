"""Small client-side steps shared by the auth tests."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

import httpx

from api.kit.auth import Role
from tests.support.services import as_user

PASSWORD = "s3cret-pass"


def new_email() -> str:
    return f"user-{uuid4().hex[:10]}@example.id"


async def register(
    client: httpx.AsyncClient, email: str | None = None, **extra: Any
) -> dict[str, Any]:
    body = {
        "email": email or new_email(),
        "password": PASSWORD,
        "full_name": "Siti Aminah",
        **extra,
    }
    response = await client.post("/api/auth/register", json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    return await client.post("/api/auth/login", json={"email": email, "password": password})


def me_headers(user: dict[str, Any]) -> dict[str, str]:
    """What the gateway would add for this user."""
    from uuid import UUID

    return as_user(Role(user["role"]), UUID(user["id"]))


def reset_token(body: str) -> str:
    """The token of the reset link in a password-reset message."""
    link = re.search(r"(https?://\S+)", body)
    assert link, body
    return parse_qs(urlsplit(link.group(1)).query)["token"][0]
