"""``seed_catalog`` builds a searchable catalogue with brand prices, once."""

from __future__ import annotations

from lakoo.seed import seed_catalog
from tests.integration.product.harness import Catalogue, count


async def test_seed_creates_searchable_catalogue_with_brand_prices_and_is_idempotent(
    cat: Catalogue,
) -> None:
    report = await seed_catalog(
        product_database_url=cat.product_url, brand_database_url=cat.brand_url, products=25
    )
    assert report.products == 25 and report.brand_prices > 0
    assert count(cat.product_db, "products") == 25
    assert count(cat.brand_db, "brand_products") == report.brand_prices
    hits = (await cat.product.get("/api/products", params={"q": "nyaman"})).json()
    assert hits["total"] == 25  # every description says "nyaman"
    dresses = await cat.product.get("/api/products", params={"sort": "price_asc"})
    prices = [i["min_price"] for i in dresses.json()["items"]]
    assert prices == sorted(prices)
    again = await seed_catalog(
        product_database_url=cat.product_url, brand_database_url=cat.brand_url, products=25
    )
    assert again.skipped and count(cat.product_db, "products") == 25
