"""The platform's front door as its users see it: the gateway, signed-in users and the answers'
checks. :mod:`lakoo.simulate.client` builds the whole client on this base; the calls of one part
of the platform live in a module of their own (sellers' shops and money, ads).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, Self
from uuid import uuid4

import httpx

PASSWORD = "batik-parang-2026"


class ApiError(RuntimeError):
    """An answer other than the one the caller expected (status and problem+json kept)."""

    def __init__(self, response: httpx.Response) -> None:
        self.status = response.status_code
        self.body = response.text
        super().__init__(
            f"{response.request.method} {response.request.url.path}: "
            f"{response.status_code} {response.text[:300]}"
        )


def expect(response: httpx.Response, *statuses: int) -> Any:
    """The JSON body of ``response`` if its status is one of ``statuses`` (default 2xx)."""
    ok = response.status_code in statuses if statuses else response.is_success
    if not ok:
        raise ApiError(response)
    return response.json() if response.content else None


@dataclass(frozen=True)
class Endpoints:
    """Where the platform listens (``lakoo up`` defaults, or a test's free ports)."""

    gateway: str = "http://127.0.0.1:3000"
    xendit: str = "http://127.0.0.1:3090"
    biteship: str = "http://127.0.0.1:3091"


@dataclass
class User:
    """A signed-in account: its id, role and bearer headers."""

    id: str
    email: str
    role: str
    headers: dict[str, str] = field(default_factory=dict)


class Gateway:
    """Calls to the gateway (and the sandboxes), one shared connection pool; accounts."""

    def __init__(self, endpoints: Endpoints | None = None, *, timeout: float = 30.0) -> None:
        self.endpoints = endpoints or Endpoints()
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=100)
        self.http = httpx.AsyncClient(timeout=timeout, limits=limits)

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def url(self, path: str) -> str:
        return f"{self.endpoints.gateway}{path}"

    async def call(
        self, method: str, path: str, user: User | None = None, *statuses: int, **kwargs: Any
    ) -> Any:
        """One gateway call; raises :class:`ApiError` unless the status is expected."""
        headers = {**(user.headers if user else {}), **kwargs.pop("headers", {})}
        response = await self.http.request(method, self.url(path), headers=headers, **kwargs)
        return expect(response, *statuses)

    # --- accounts ----------------------------------------------------------------------------

    async def register(self, email: str | None = None, *, full_name: str = "Siti Rahma") -> User:
        """Sign up and log in a new customer."""
        email = email or f"user.{uuid4().hex[:10]}@example.id"
        body = {"email": email, "password": PASSWORD, "full_name": full_name}
        await self.call("POST", "/api/auth/register", None, 201, json=body)
        return await self.login(email)

    async def login(self, email: str, password: str = PASSWORD) -> User:
        """Log in; the token carries the account's current role."""
        tokens = await self.call(
            "POST", "/api/auth/login", None, 200, json={"email": email, "password": password}
        )
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        me = await self.call("GET", "/api/auth/me", None, 200, headers=headers)
        return User(id=me["id"], email=email, role=me["role"], headers=headers)

    async def promote(self, admin: User, user: User, role: str) -> User:
        """The admin gives ``user`` a role; ``user`` logs in again to carry it."""
        await self.call("PUT", f"/api/auth/users/{user.id}/role", admin, 200, json={"role": role})
        return await self.login(user.email)

    async def login_as(self, email: str, role: str, *, timeout: float = 30.0) -> User:
        """Log in until the token carries ``role`` (a role given elsewhere may take a moment)."""
        deadline = time.monotonic() + timeout
        while (user := await self.login(email)).role != role:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{email} is still {user.role}, not {role}")
            await asyncio.sleep(0.2)
        return user
