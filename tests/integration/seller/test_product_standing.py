"""A suspended seller's products leave search and it lists nothing new; reinstated, they are
back. The product service learns the standing from the seller's own events (as its worker
would receive them), not from a call at search time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import uuid4

import httpx
import pytest

from api.product import app as product_app
from api.product import consumers as product_consumers
from tests.integration.seller.conftest import ADMIN, Platform, seller_headers, verified
from tests.support.databases import create_database, drop_database
from tests.support.services import app_client, migrated_database


@pytest.fixture
async def product(postgres_url: str, p: Platform) -> AsyncIterator[httpx.AsyncClient]:
    """The product app on a fresh database; the platform relays seller events to it."""
    url = migrated_database("product", create_database(postgres_url, "prod"))
    from api.kit.db import make_async_engine, make_session_factory
    from api.kit.uow import UnitOfWorkFactory

    engine = make_async_engine(url, pool_size=2)
    p.uows["product"] = UnitOfWorkFactory(make_session_factory(engine), producer="product")
    app = product_app.create_app(
        product_app.get_settings().model_copy(update={"database_url": url})
    )
    try:
        async with app_client(app) as client:
            yield client
    finally:
        await engine.dispose()
        drop_database(postgres_url, url)


def listing(word: str) -> dict[str, object]:
    return {
        "name": f"Kaos {word} Katun Combed",
        "description": "Kaos polos bahan katun combed 30s, adem dipakai harian.",
        "status": "active",
        "variants": [
            {
                "sku": f"{word}-M",
                "size": "M",
                "color": "Hitam",
                "price": 59_000,
                "weight_grams": 180,
            }
        ],
    }


async def _found(product: httpx.AsyncClient, word: str) -> list[str]:
    response = await product.get("/api/products", params={"q": word})
    assert response.status_code == 200, response.text
    return [item["seller_id"] for item in response.json()["items"]]


async def test_suspension_hides_the_sellers_products_until_reinstated(
    p: Platform, product: httpx.AsyncClient
) -> None:
    suspended, other = await verified(p), await verified(p)
    word_of = {seller_id: f"Zq{uuid4().hex[:10]}" for seller_id in (suspended, other)}
    for seller_id, word in word_of.items():
        response = await product.post(
            "/api/products", json=listing(word), headers=seller_headers(seller_id)
        )
        assert response.status_code == 201, response.text
    await p.relay("product", product_consumers.HANDLERS)
    assert str(suspended) in await _found(product, word_of[suspended])

    await p.seller.post(
        f"/api/sellers/{suspended}/suspend", json={"reason": "counterfeit goods"}, headers=ADMIN
    )
    await p.relay("product", product_consumers.HANDLERS)
    assert str(suspended) not in await _found(product, word_of[suspended])
    assert str(other) in await _found(product, word_of[other])
    refused = await product.post(
        "/api/products", json=listing(f"Zq{uuid4().hex[:10]}"), headers=seller_headers(suspended)
    )
    assert refused.status_code == 403

    await p.seller.post(f"/api/sellers/{suspended}/reinstate", headers=ADMIN)
    await p.relay("product", product_consumers.HANDLERS)
    assert str(suspended) in await _found(product, word_of[suspended])


async def test_a_suspended_sellers_product_page_is_not_served_to_the_public(
    p: Platform, product: httpx.AsyncClient
) -> None:
    seller = await verified(p)
    created = await product.post(
        "/api/products", json=listing(f"Zq{uuid4().hex[:10]}"), headers=seller_headers(seller)
    )
    assert created.status_code == 201, created.text
    page = f"/api/products/{created.json()['id']}"
    await p.relay("product", product_consumers.HANDLERS)
    assert (await product.get(page)).status_code == 200

    await p.seller.post(
        f"/api/sellers/{seller}/suspend", json={"reason": "counterfeit goods"}, headers=ADMIN
    )
    await p.relay("product", product_consumers.HANDLERS)

    hidden = await product.get(page)
    assert hidden.status_code == 404, hidden.text
    assert hidden.headers["content-type"] == "application/problem+json"
    assert (await product.get(f"{page}/rating")).status_code == 404
    # the seller itself and admins still see it (as they see its drafts)
    assert (await product.get(page, headers=seller_headers(seller))).status_code == 200
    assert (await product.get(page, headers=ADMIN)).status_code == 200

    await p.seller.post(f"/api/sellers/{seller}/reinstate", headers=ADMIN)
    await p.relay("product", product_consumers.HANDLERS)
    assert (await product.get(page)).status_code == 200
