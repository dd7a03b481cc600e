"""Two house brands offering one product at the same moment (their events arrive on different
partitions, so two consumers apply them concurrently): both brands reach the product's search."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import text

from api.brand.house_brands import HOUSE_BRANDS, HouseBrand
from api.kit.auth import Role
from api.kit.db import make_async_engine, make_session_factory
from api.kit.uow import UnitOfWorkFactory
from api.product.service.readmodels import upsert_brand, upsert_offer
from tests.integration.product.harness import Catalogue, house_product
from tests.support.services import as_user

PRODUCTS = 6


async def test_two_brands_offering_one_product_at_once_both_reach_its_search(
    cat: Catalogue,
) -> None:
    admin = as_user(Role.admin)
    products = []
    for _ in range(PRODUCTS):
        created = await cat.product.post("/api/products", headers=admin, json=house_product())
        assert created.status_code == 201, created.text
        products.append(created.json())
    nusa, kota = HOUSE_BRANDS[0], HOUSE_BRANDS[12]
    engine = make_async_engine(cat.product_url, pool_size=4)
    uows = UnitOfWorkFactory(make_session_factory(engine), producer="product")
    now = datetime.now(UTC)

    async def offer(brand: HouseBrand, variant_id: str) -> None:
        async with uows() as uow:
            await upsert_offer(
                uow, brand_id=brand.id, brand_code=brand.code, variant_id=variant_id,
                price=199_000, at=now,
            )  # fmt: skip
            await uow.commit()

    try:
        async with uows() as uow:
            for brand in (nusa, kota):
                await upsert_brand(uow, brand_id=brand.id, code=brand.code, name=brand.name)
            await uow.commit()
        for product in products:
            first, second = product["variants"][0]["id"], product["variants"][1]["id"]
            await asyncio.gather(offer(nusa, first), offer(kota, second))
    finally:
        await engine.dispose()

    with cat.product_db.connect() as connection:
        names = dict(connection.execute(text("SELECT id::text, brand_names FROM products")).all())
    expected = ", ".join(sorted((nusa.name, kota.name)))
    assert names == {product["id"]: expected for product in products}
    for brand in (nusa, kota):  # and so search finds every one of them by either brand's name
        page = (await cat.product.get("/api/products", params={"q": brand.name})).json()
        assert sorted(item["id"] for item in page["items"]) == sorted(p["id"] for p in products)
