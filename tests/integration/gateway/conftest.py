"""The gateway in-process in front of the real auth app (and an echo service), via mounts.

``http://auth.test`` is the auth app on a fresh migrated database with a signing key the test
knows (so it can mint forged, expired or mis-addressed tokens); ``http://echo.test`` answers
with the headers it received, standing in for any service behind the gateway.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from api.auth import app as auth_module
from api.auth.clock import ManualClock
from api.auth.keys import generate_private_key_pem
from api.gateway.app import create_app
from api.gateway.proxy import Gateway
from api.gateway.settings import GatewaySettings
from tests.integration.auth.conftest import migrate_auth


async def _echo(request: Request) -> JSONResponse:
    body = await request.body()
    return JSONResponse(
        {
            "method": request.method,
            "path": request.url.path,
            "query": request.url.query,
            "headers": {k: v for k, v in request.headers.items()},
            "body": body.decode(),
        }
    )


def echo_app() -> Starlette:
    """A service that tells what it received."""
    return Starlette(
        routes=[Route("/{path:path}", _echo, methods=["GET", "POST", "PUT", "DELETE"])]
    )


@dataclass
class Edge:
    """A client talking to the gateway, plus handles on what sits behind it."""

    client: httpx.AsyncClient
    gateway: Gateway
    app: FastAPI
    auth_clock: ManualClock
    private_key_pem: str


@asynccontextmanager
async def edge(
    auth_database: str,
    *,
    client_ip: str = "203.0.113.7",
    **gateway_overrides: Any,
) -> AsyncIterator[Edge]:
    """Auth + echo behind an in-process gateway; ``gateway_overrides`` tune its settings."""
    pem = generate_private_key_pem()
    auth_settings = auth_module.get_settings().model_copy(
        update={"database_url": auth_database, "jwt_private_key": SecretStr(pem)}
    )
    auth_app = auth_module.create_app(settings=auth_settings)
    clock = ManualClock()
    auth_app.state.clock = clock
    settings = GatewaySettings().model_copy(
        update={
            "services": ["auth", "product"],
            "service_urls": {
                **GatewaySettings().service_urls,
                "auth": "http://auth.test",
                "product": "http://echo.test",
            },
            **gateway_overrides,
        }
    )
    mounts = {
        "all://auth.test": httpx.ASGITransport(app=auth_app),
        "all://echo.test": httpx.ASGITransport(app=echo_app()),
    }
    app = create_app(settings=settings, mounts=mounts)
    async with auth_app.router.lifespan_context(auth_app), app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=(client_ip, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            yield Edge(client, app.state.gateway, app, clock, pem)


@pytest.fixture
def auth_database(fresh_database: str) -> str:
    return migrate_auth(fresh_database)


@pytest.fixture
async def gw(auth_database: str) -> AsyncIterator[Edge]:
    """The default edge: generous rate limits so only rate-limit tests meet them."""
    async with edge(auth_database, rate_limit_burst=10_000, auth_rate_limit_burst=10_000) as e:
        yield e
