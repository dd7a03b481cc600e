"""Fresh databases for tests: each test that needs one gets its own, dropped afterwards."""

from __future__ import annotations

from uuid import uuid4

import psycopg
from psycopg import sql

from api.kit.db import libpq_url, make_sync_engine
from api.kit.tables import install_kit_tables


def create_database(server_url: str, prefix: str = "t") -> str:
    """Create an empty database with a unique name; returns its DSN."""
    name = f"{prefix}_{uuid4().hex[:12]}"
    with psycopg.connect(libpq_url(server_url) + "/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"{server_url.rstrip('/')}/{name}"


def drop_database(server_url: str, database_url: str) -> None:
    """Drop a test database, disconnecting whoever is still connected."""
    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(libpq_url(server_url) + "/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def install_kit(database_url: str) -> None:
    """Give a fresh database the kit's outbox and inbox, as a service's first migration does."""
    engine = make_sync_engine(database_url)
    with engine.begin() as conn:
        install_kit_tables(conn)
    engine.dispose()
