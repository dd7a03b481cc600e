"""Engines and sessions: async (asyncpg) for services, sync (psycopg 3) for tools and migrations."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def with_driver(url: str, driver: str) -> str:
    """``postgresql://…`` with the SQLAlchemy driver set (``asyncpg`` or ``psycopg``)."""
    parsed = make_url(url)
    return parsed.set(drivername=f"postgresql+{driver}").render_as_string(hide_password=False)


def libpq_url(url: str) -> str:
    """A plain libpq DSN (no SQLAlchemy driver), as psycopg and psql expect."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def make_async_engine(
    url: str, *, pool_size: int = 10, max_overflow: int = 20, pre_ping: bool = True
) -> AsyncEngine:
    """The service's engine; pre-ping so a restarted database does not fail the first request
    (a round trip per checkout: a hot loop that retries its own failures may turn it off)."""
    return create_async_engine(
        with_driver(url, "asyncpg"),
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_pre_ping=pre_ping,
    )


def make_sync_engine(url: str) -> Engine:
    """A psycopg engine for migrations, the relay and command-line tools."""
    return create_engine(with_driver(url, "psycopg"), pool_pre_ping=True)


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit (responses are built afterwards)."""
    return async_sessionmaker(engine, expire_on_commit=False)
