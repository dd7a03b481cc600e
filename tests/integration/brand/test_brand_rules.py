"""Brand pricing rules and the curation queue fed by product.created."""

from __future__ import annotations

from uuid import uuid4

from api.brand.consumers import HANDLERS as BRAND_HANDLERS
from api.brand.house_brands import HOUSE_BRANDS
from api.kit.auth import Role
from tests.integration.product.harness import Catalogue, count, house_product, outbox_envelopes
from tests.support.kafka import unique_topic
from tests.support.services import as_user


async def test_brand_list_has_the_fifteen_house_brands(cat: Catalogue) -> None:
    page = (await cat.brand.get("/api/brands", params={"page_size": 50})).json()
    assert page["total"] == 15
    assert len({b["code"] for b in page["items"]}) == len({b["name"] for b in page["items"]}) == 15
    assert {b["min_margin"] for b in page["items"]} == {"0.3000"}


async def test_price_below_minimum_margin_is_rejected_naming_price_and_writes_nothing(
    cat: Catalogue,
) -> None:
    product = (
        await cat.product.post("/api/products", headers=as_user(Role.admin), json=house_product())
    ).json()
    variant_id = product["variants"][0]["id"]  # cost 120,000 → lowest price 156,000
    brand = HOUSE_BRANDS[1]
    r = await cat.brand.put(
        f"/api/brands/{brand.id}/products/{variant_id}",
        headers=as_user(Role.admin),
        json={"price": 155_999},
    )
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in r.json()["errors"]] == ["price"]
    assert count(cat.brand_db, "brand_products") == 0 and count(cat.brand_db, "outbox") == 0
    ok = await cat.brand.put(
        f"/api/brands/{brand.id}/products/{variant_id}",
        headers=as_user(Role.admin),
        json={"price": 156_000},
    )
    assert ok.status_code == 200


async def test_brand_manager_prices_only_their_own_brands(cat: Catalogue) -> None:
    manager = uuid4()
    mine, other = HOUSE_BRANDS[4], HOUSE_BRANDS[5]
    r = await cat.brand.put(
        f"/api/brands/{mine.id}/manager",
        headers=as_user(Role.admin),
        json={"manager_user_id": str(manager)},
    )
    assert r.status_code == 200
    product = (
        await cat.product.post("/api/products", headers=as_user(Role.admin), json=house_product())
    ).json()
    vid = product["variants"][0]["id"]
    headers = as_user(Role.brand_manager, manager)
    assert (
        await cat.brand.put(
            f"/api/brands/{other.id}/products/{vid}", headers=headers, json={"price": 200_000}
        )
    ).status_code == 403
    assert (
        await cat.brand.put(
            f"/api/brands/{mine.id}/products/{vid}", headers=headers, json={"price": 200_000}
        )
    ).status_code == 200


async def test_product_created_enters_curation_queue_exactly_once_when_redelivered(
    cat: Catalogue,
) -> None:
    admin = as_user(Role.admin)
    house = (await cat.product.post("/api/products", headers=admin, json=house_product())).json()
    seller_body = house_product(sku_prefix="SLR-X")
    for v in seller_body["variants"]:
        v.pop("cost_price")
    await cat.product.post("/api/products", headers=as_user(Role.seller), json=seller_body)
    envelopes = outbox_envelopes(cat.product_db, "product")
    assert [e.event_type for e in envelopes] == ["product.created", "product.created"]

    topic = unique_topic(cat.bootstrap, "product-events")
    runtime = await cat.deliver(
        [*envelopes, envelopes[0]], topic=topic, to="brand", handlers=BRAND_HANDLERS
    )
    assert runtime.stats.handled == 2 and runtime.stats.duplicates == 1
    # and once more, by a fresh consumer group (a full replay)
    await cat.deliver(
        [envelopes[0]],
        topic=unique_topic(cat.bootstrap, "product-events"),
        to="brand",
        handlers=BRAND_HANDLERS,
    )
    queue = (await cat.brand.get("/api/brands/curation-queue", headers=admin)).json()
    assert [i["product_id"] for i in queue["items"]] == [house["id"]]  # seller product: not queued
    assert count(cat.brand_db, "curation_queue") == 1
    assert count(cat.brand_db, "variants") == 6
