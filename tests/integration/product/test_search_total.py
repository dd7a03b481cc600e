"""Search totals stop counting at a cap: beyond it the answer says so (``total_capped``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import httpx
import pytest
from sqlalchemy import text

from api.kit.db import make_sync_engine
from api.product.app import create_app, get_settings
from api.product.models import UNCATEGORIZED_ID
from tests.support.services import app_client, migrated_database

CAP = 3


@pytest.fixture
async def product(fresh_database: str) -> AsyncIterator[httpx.AsyncClient]:
    """The product app with a total cap of 3 and 3 ranked candidates, on six active products:
    five batik shirts (two of them parang) and one linen dress."""
    url = migrated_database("product", fresh_database)
    engine = make_sync_engine(url)
    now = datetime.now(UTC)
    names = [f"Kemeja Batik Kawung {i}" for i in range(3)]
    names += [f"Kemeja Batik Parang {i}" for i in range(2)] + ["Dress Linen Polos"]
    with engine.begin() as conn:
        for i, name in enumerate(names):
            conn.execute(
                text(
                    "INSERT INTO products (id, name, slug, description, category_id, "
                    "category_name, brand_names, status, min_price, max_price, created_by, "
                    "created_at, updated_at) VALUES (:id, :name, :slug, :name, :category, "
                    "'Lainnya', '', 'active', 100000, 100000, :by, :at, :at)"
                ),
                {
                    "id": uuid4(),
                    "name": name,
                    "slug": f"p-{i}",
                    "category": UNCATEGORIZED_ID,
                    "by": uuid4(),
                    "at": now - timedelta(minutes=i),
                },
            )
    engine.dispose()
    settings = get_settings().model_copy(
        update={"database_url": url, "search_total_cap": CAP, "search_rank_candidates": CAP}
    )
    async with app_client(create_app(settings=settings)) as client:
        yield client


async def _search(client: httpx.AsyncClient, **params: str) -> dict[str, object]:
    response = await client.get("/api/products", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


async def test_more_matches_than_the_cap_show_the_cap_as_a_capped_total(
    product: httpx.AsyncClient,
) -> None:
    body = await _search(product, q="batik")
    assert (body["total"], body["total_capped"]) == (CAP, True)
    # the page itself is not capped: all five matches are there, ranked
    assert len(body["items"]) == 5  # type: ignore[arg-type]
    listing = await _search(product)
    assert (listing["total"], listing["total_capped"]) == (CAP, True)


async def test_fewer_matches_than_the_cap_show_the_exact_total(
    product: httpx.AsyncClient,
) -> None:
    body = await _search(product, q="parang")
    assert (body["total"], body["total_capped"]) == (2, False)
    names = sorted(item["name"] for item in body["items"])  # type: ignore[attr-defined]
    assert names == ["Kemeja Batik Parang 0", "Kemeja Batik Parang 1"]
    none = await _search(product, q="sarung")
    assert (none["total"], none["total_capped"], none["items"]) == (0, False, [])


async def test_a_page_deeper_than_the_ranked_candidates_still_has_its_hits(
    product: httpx.AsyncClient,
) -> None:
    first = await _search(product, q="kemeja", page_size="2")
    third = await _search(product, q="kemeja", page="3", page_size="2")
    assert len(first["items"]) == 2 and len(third["items"]) == 1  # type: ignore[arg-type]
