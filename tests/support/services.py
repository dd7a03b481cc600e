"""In-process service harness: a migrated database of the service's own and an httpx client.

    async with service_client("warehouse", database_url) as client:
        await client.post("/api/...", headers=as_user(Role.admin), json=...)

The app runs with its real lifespan (engine, clients) through ``ASGITransport``.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from uuid import UUID, uuid4

import httpx
from fastapi import FastAPI

from api.kit import migrate
from api.kit.auth import Role
from api.kit.db import make_async_engine, make_session_factory
from api.kit.settings import CommonSettings, load_service_settings
from api.kit.uow import UnitOfWorkFactory


def migrated_database(service: str, database_url: str) -> str:
    """Run ``service``'s Alembic history on ``database_url`` (a fresh database)."""
    migrate.upgrade(service, database_url=database_url)
    return database_url


def gateway_headers(user_id: UUID | None = None, role: Role = Role.customer) -> dict[str, str]:
    """The headers the gateway adds for an authenticated caller."""
    settings = CommonSettings()
    return {
        "x-gateway-key": settings.gateway_secret_key.get_secret_value(),
        "x-user-id": str(user_id or uuid4()),
        "x-user-role": role.value,
    }


def as_user(role: Role = Role.customer, user_id: UUID | None = None) -> dict[str, str]:
    """Shorthand for ``gateway_headers`` with the role first."""
    return gateway_headers(user_id, role)


def internal_headers() -> dict[str, str]:
    """The header of a service-to-service call."""
    return {"x-internal-api-key": CommonSettings().internal_api_key.get_secret_value()}


@asynccontextmanager
async def app_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client on ``app`` with its lifespan running."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            yield client


@asynccontextmanager
async def service_client(
    service: str,
    database_url: str,
    *,
    settings_overrides: dict[str, Any] | None = None,
    configure: Callable[[FastAPI], None] | None = None,
) -> AsyncIterator[httpx.AsyncClient]:
    """The real app of ``service`` on ``database_url``, settings overridden as given."""
    settings = load_service_settings(service).model_copy(
        update={"database_url": database_url, **(settings_overrides or {})}
    )
    app = importlib.import_module(f"api.{service}.app").create_app(settings=settings)
    if configure:
        configure(app)
    async with app_client(app) as client:
        yield client


@asynccontextmanager
async def app_and_sandbox(
    app: FastAPI,
    sandbox: FastAPI,
    *,
    sandbox_url: str,
    database_url: str,
    producer: str,
    pool_size: int = 2,
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient, UnitOfWorkFactory]]:
    """Clients on a service ``app`` and on its provider's ``sandbox`` (both in-process), and a
    unit-of-work factory on the service's database for tests that look behind the API."""
    engine = make_async_engine(database_url, pool_size=pool_size)
    try:
        async with (
            app_client(app) as client,
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=sandbox), base_url=sandbox_url
            ) as sandbox_client,
        ):
            uow_factory = UnitOfWorkFactory(make_session_factory(engine), producer=producer)
            yield client, sandbox_client, uow_factory
    finally:
        await engine.dispose()
