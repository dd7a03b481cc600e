"""Fixtures of the address's integration tests.

Loading the ~84,000 villages takes a few seconds, so the migrated database is shared by the
tests of a module; each test acts as a user of its own, so none sees another's addresses.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from api.address.models import Address
from api.kit.db import make_async_engine
from api.kit.tables import outbox
from tests.support.databases import create_database, drop_database
from tests.support.services import migrated_database, service_client

GAMBIR = {"village_code": "31.71.01.1001", "postal_code": "10110"}


@pytest.fixture(scope="module")
def address_db(postgres_url: str) -> Iterator[str]:
    """One migrated address database for the module (regions loaded once)."""
    url = create_database(postgres_url)
    migrated_database("address", url)
    yield url
    drop_database(postgres_url, url)


@pytest.fixture
async def client(address_db: str) -> AsyncIterator[httpx.AsyncClient]:
    """The address app, in-process."""
    async with service_client("address", address_db) as client:
        yield client


def address_body(**overrides: Any) -> dict[str, Any]:
    """A valid address in Gambir, Jakarta Pusat."""
    return {
        "recipient_name": "Siti Rahma",
        "phone": "0812-3456-7890",
        "street": "Jl. Medan Merdeka Barat No. 12",
        **GAMBIR,
        **overrides,
    }


async def rows(address_db: str, user_id: str | None = None) -> dict[str, int]:
    """Address rows (of one user, or all) and outbox rows."""
    engine = make_async_engine(address_db, pool_size=1)
    try:
        async with engine.connect() as conn:
            query = select(func.count()).select_from(Address)
            if user_id:
                query = query.where(Address.user_id == user_id)
            addresses = (await conn.execute(query)).scalar_one()
            events = (await conn.execute(select(func.count()).select_from(outbox))).scalar_one()
    finally:
        await engine.dispose()
    return {"addresses": addresses, "outbox": events}
