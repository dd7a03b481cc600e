"""Typo tolerance is the fallback of a search whose words, as written, match nothing; fewer
candidates are scored than the total counts."""

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

CAP = 4
CANDIDATES = 2
NAMES = [
    "Kemeja Batik Parang",
    "Kemeja Batik Kawung",
    "Kemeja Batik Mega",
    "Kemeja Batik Truntum",
    "Kemeja Batik Lasem",
    "Kemja Batik Sogan",  # a seller's own typo in the name
    "Dress Linen Polos",
]


@pytest.fixture
async def product(fresh_database: str) -> AsyncIterator[httpx.AsyncClient]:
    """The product app counting totals up to 4 and scoring 2 candidates, on seven products."""
    url = migrated_database("product", fresh_database)
    engine = make_sync_engine(url)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for i, name in enumerate(NAMES):
            conn.execute(
                text(
                    "INSERT INTO products (id, name, slug, description, category_id, "
                    "category_name, brand_names, status, min_price, max_price, created_by, "
                    "created_at, updated_at) VALUES (:id, :name, :slug, '', :category, "
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
        update={
            "database_url": url,
            "search_total_cap": CAP,
            "search_rank_candidates": CANDIDATES,
        }
    )
    async with app_client(create_app(settings=settings)) as client:
        yield client


async def _search(client: httpx.AsyncClient, **params: str) -> dict[str, object]:
    response = await client.get("/api/products", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def _names(body: dict[str, object]) -> list[str]:
    return sorted(item["name"] for item in body["items"])  # type: ignore[attr-defined]


async def test_misspelt_words_that_match_nothing_still_find_the_names_they_mean(
    product: httpx.AsyncClient,
) -> None:
    body = await _search(product, q="kemejaa parrang")
    assert _names(body) == ["Kemeja Batik Parang"]
    assert (body["total"], body["total_capped"]) == (1, False)


async def test_words_as_written_that_match_do_not_also_bring_misspelt_names(
    product: httpx.AsyncClient,
) -> None:
    # "kemeja" matches five names as written: the misspelt "Kemja" one is not guessed at
    # (the trade-off of typo tolerance as a fallback: before, it was among the hits)
    exact = await _search(product, q="kemeja")
    assert _names(exact) == sorted(n for n in NAMES if n.startswith("Kemeja"))
    # "kemeja sogan" matches nothing as written, so typo tolerance finds it
    fuzzy = await _search(product, q="kemeja sogan")
    assert _names(fuzzy) == ["Kemja Batik Sogan"]
    assert (fuzzy["total"], fuzzy["total_capped"]) == (1, False)


async def test_a_page_past_the_written_matches_is_empty_not_the_typo_matches(
    product: httpx.AsyncClient,
) -> None:
    past = await _search(product, q="kemeja", page="9", page_size="2")
    assert (past["items"], past["total"], past["total_capped"]) == ([], CAP, True)
    none = await _search(product, q="kemeja", min_price="200000")
    assert (none["items"], none["total"], none["total_capped"]) == ([], 0, False)


async def test_the_total_counts_past_the_scored_candidates_up_to_the_cap(
    product: httpx.AsyncClient,
) -> None:
    # six "batik" names, two scored per page of two: the total still counts to the cap of 4
    body = await _search(product, q="batik", page_size="2")
    assert len(body["items"]) == 2  # type: ignore[arg-type]
    assert (body["total"], body["total_capped"]) == (CAP, True)
    # exact below the cap
    parang = await _search(product, q="parang", page_size="2")
    assert (parang["total"], parang["total_capped"]) == (1, False)
