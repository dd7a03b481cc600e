"""The real product app in-process, for the services that read the catalogue on demand (the
warehouse learns variants from it, the supplier validates offers against it). A pytest plugin,
registered in the root conftest, so each such service's conftest only wires it in."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI

from api.kit.client import ServiceClient
from api.kit.settings import CommonSettings
from tests.support.databases import create_database, drop_database
from tests.support.services import migrated_database


@pytest.fixture(scope="module")
def product_db(postgres_url: str) -> Iterator[str]:
    """One product database for the module's tests (their products have ids of their own)."""
    url = migrated_database("product", create_database(postgres_url, "prod"))
    yield url
    drop_database(postgres_url, url)


@pytest.fixture(scope="module")
async def product_app(product_db: str) -> AsyncIterator[FastAPI]:
    """The real product app, running its lifespan on the module's product database."""
    from api.product.app import create_app, get_settings

    app = create_app(settings=get_settings().model_copy(update={"database_url": product_db}))
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def product(product_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the product app (tests create the products they need through its API)."""
    transport = httpx.ASGITransport(app=product_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://product") as client:
        yield client


def product_client_of(product_app: FastAPI) -> ServiceClient:
    """The ``product_client`` a service app reads the catalogue with, served by ``product_app``."""
    return ServiceClient(
        "http://product",
        internal_api_key=CommonSettings().internal_api_key.get_secret_value(),
        name="product",
        transport=httpx.ASGITransport(app=product_app),
    )
