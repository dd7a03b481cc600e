"""Search with words under the other sorts and filters (issue 19's plans): the page is chosen
over all the matches' sort keys and joined back for its rows only, so the order stays exact
over every match, the score is still given, and option filters need one variant with both."""

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

# name, price, (size, colour) of its variants
PRODUCTS = [
    ("Kemeja Batik Kawung", 150_000, [("M", "Hitam"), ("L", "Putih")]),
    ("Kemeja Batik Parang", 90_000, [("M", "Putih"), ("L", "Hitam")]),
    ("Kemeja Linen Polos", 120_000, [("M", "hitam")]),
    ("Dress Batik Mega", 300_000, [("S", "Merah")]),
    ("Kaos Polos", 50_000, [("M", "Hitam")]),
]


@pytest.fixture
async def product(fresh_database: str) -> AsyncIterator[httpx.AsyncClient]:
    """The product app with 2 ranked candidates on the products above, newest first."""
    url = migrated_database("product", fresh_database)
    engine = make_sync_engine(url)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for i, (name, price, options) in enumerate(PRODUCTS):
            pid = uuid4()
            at = now - timedelta(minutes=i)
            conn.execute(
                text(
                    "INSERT INTO products (id, name, slug, description, category_id, "
                    "category_name, brand_names, status, min_price, max_price, created_by, "
                    "created_at, updated_at) VALUES (:id, :name, :slug, :name, :category, "
                    "'Lainnya', '', 'active', :price, :top, :by, :at, :at)"
                ),
                {
                    "id": pid,
                    "name": name,
                    "slug": f"p-{i}",
                    "category": UNCATEGORIZED_ID,
                    "price": price,
                    "top": price + 10_000 * (len(options) - 1),
                    "by": uuid4(),
                    "at": at,
                },
            )
            for k, (size, colour) in enumerate(options):
                conn.execute(
                    text(
                        "INSERT INTO variants (id, product_id, sku, size, color, weight_grams,"
                        " price, created_at) VALUES (:id, :pid, :sku, :size, :color, 200,"
                        " :price, :at)"
                    ),
                    {
                        "id": uuid4(),
                        "pid": pid,
                        "sku": f"S{i}-{k}",
                        "size": size,
                        "color": colour,
                        "price": price + 10_000 * k,
                        "at": at,
                    },
                )
    engine.dispose()
    settings = get_settings().model_copy(update={"database_url": url, "search_rank_candidates": 2})
    async with app_client(create_app(settings=settings)) as client:
        yield client


async def _names(client: httpx.AsyncClient, **params: str) -> list[str]:
    response = await client.get("/api/products", params=params)
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert all(item["score"] is not None for item in items)
    return [item["name"] for item in items]


async def test_words_sorted_by_price_or_newest_are_in_exact_order_over_every_match(
    product: httpx.AsyncClient,
) -> None:
    # four matches, more than the two ranked candidates: the other sorts are not capped
    assert await _names(product, q="batik", sort="price_asc") == [
        "Kemeja Batik Parang",
        "Kemeja Batik Kawung",
        "Dress Batik Mega",
    ]
    assert await _names(product, q="batik", sort="price_desc") == [
        "Dress Batik Mega",
        "Kemeja Batik Kawung",
        "Kemeja Batik Parang",
    ]
    assert await _names(product, q="kemeja", sort="newest") == [
        "Kemeja Batik Kawung",
        "Kemeja Batik Parang",
        "Kemeja Linen Polos",
    ]
    first = await _names(product, q="kemeja", sort="price_asc", page_size="2")
    second = await _names(product, q="kemeja", sort="price_asc", page_size="2", page="2")
    assert first + second == ["Kemeja Batik Parang", "Kemeja Linen Polos", "Kemeja Batik Kawung"]


async def test_size_and_colour_need_one_variant_with_both_whatever_the_case(
    product: httpx.AsyncClient,
) -> None:
    names = await _names(product, q="kemeja", size="m", color="HITAM", sort="price_asc")
    # Parang has M (Putih) and Hitam (L) but no M in Hitam
    assert names == ["Kemeja Linen Polos", "Kemeja Batik Kawung"]
    names = await _names(product, q="polos", size="M", color="Hitam", sort="price_asc")
    assert names == ["Kaos Polos", "Kemeja Linen Polos"]


async def test_the_trigram_operators_cost_is_declared_to_the_planner(fresh_database: str) -> None:
    engine = make_sync_engine(migrated_database("product", fresh_database))
    with engine.connect() as conn:
        costs = conn.execute(
            text(
                "SELECT proname, procost FROM pg_proc WHERE proname IN"
                " ('word_similarity_op', 'word_similarity_commutator_op')"
            )
        ).all()
    engine.dispose()
    assert sorted(costs) == [("word_similarity_commutator_op", 100), ("word_similarity_op", 100)]


async def test_the_total_comes_with_the_page_and_without_it_beyond_the_last(
    product: httpx.AsyncClient,
) -> None:
    for sort in ("relevance", "price_asc"):
        page = (await product.get("/api/products", params={"q": "batik", "sort": sort})).json()
        assert (page["total"], page["total_capped"], len(page["items"])) == (3, False, 3)
        params = {"q": "batik", "sort": sort, "page": "3", "page_size": "2"}
        beyond = (await product.get("/api/products", params=params)).json()
        assert (beyond["total"], beyond["items"]) == (3, [])
    none = (await product.get("/api/products", params={"q": "sarung"})).json()
    assert (none["total"], none["total_capped"], none["items"]) == (0, False, [])
