"""The catalogue's main flow: a house product priced in two brands, found by shoppers."""

from __future__ import annotations

from uuid import uuid4

from api.brand.house_brands import HOUSE_BRANDS
from api.kit.auth import Role
from api.product.consumers import HANDLERS as PRODUCT_HANDLERS
from tests.integration.product.harness import Catalogue, house_product, outbox_envelopes
from tests.support.kafka import unique_topic
from tests.support.services import as_user


async def _assign_manager(cat: Catalogue, brand_id: object, manager: object) -> None:
    r = await cat.brand.put(
        f"/api/brands/{brand_id}/manager",
        headers=as_user(Role.admin),
        json={"manager_user_id": str(manager)},
    )
    assert r.status_code == 200, r.text


async def test_house_product_priced_in_two_brands_is_found_by_search_typo_and_indonesian_word(
    cat: Catalogue,
) -> None:
    admin = as_user(Role.admin)
    manager = uuid4()
    nusa, kota = HOUSE_BRANDS[0], HOUSE_BRANDS[12]
    for brand in (nusa, kota):
        await _assign_manager(cat, brand.id, manager)

    created = await cat.product.post("/api/products", headers=admin, json=house_product())
    assert created.status_code == 201, created.text
    product = created.json()
    assert product["seller_id"] is None and len(product["variants"]) == 3
    variant_id = product["variants"][0]["id"]

    as_manager = as_user(Role.brand_manager, manager)
    for brand, price in ((nusa, 329_000), (kota, 279_000)):
        r = await cat.brand.put(
            f"/api/brands/{brand.id}/products/{variant_id}",
            headers=as_manager,
            json={"price": price},
        )
        assert r.status_code == 200, r.text
        assert r.json() == {"brand_id": str(brand.id), "variant_id": variant_id, "price": price}

    # brand.* events reach the product service through Kafka and its real consumer runtime
    topic = unique_topic(cat.bootstrap, "brand-events")
    runtime = await cat.deliver(
        outbox_envelopes(cat.brand_db, "brand"),
        topic=topic,
        to="product",
        handlers=PRODUCT_HANDLERS,
    )
    assert runtime.stats.by_type == {"brand.product_assigned": 2}

    customer = as_user(Role.customer)
    for q in ("kemeja batik", "kemja battik", "kantor", "Nusa Atelier"):
        r = await cat.product.get("/api/products", params={"q": q}, headers=customer)
        assert r.status_code == 200, r.text
        page = r.json()
        assert [item["id"] for item in page["items"]] == [product["id"]], q
        assert page["total"] == 1 and page["page"] == 1

    by_brand = await cat.product.get("/api/products", params={"brand_id": str(kota.id)})
    assert [i["id"] for i in by_brand.json()["items"]] == [product["id"]]
    nothing = await cat.product.get("/api/products", params={"q": "sepatu lari"})
    assert nothing.json()["total"] == 0

    page = (await cat.product.get(f"/api/products/{product['id']}", headers=customer)).json()
    offers = {o["brand_name"]: o["price"] for o in page["variants"][0]["brand_offers"]}
    assert offers == {"Nusa Atelier": 329_000, "Kota Basics": 279_000}
    assert page["variants"][0]["cost_price"] is None  # cost stays private to staff


async def test_repricing_publishes_price_updated_and_product_shows_new_price(
    cat: Catalogue,
) -> None:
    admin = as_user(Role.admin)
    product = (await cat.product.post("/api/products", headers=admin, json=house_product())).json()
    variant_id = product["variants"][1]["id"]
    brand = HOUSE_BRANDS[3]
    for price in (200_000, 189_000):
        r = await cat.brand.put(
            f"/api/brands/{brand.id}/products/{variant_id}", headers=admin, json={"price": price}
        )
        assert r.status_code == 200, r.text
    envelopes = outbox_envelopes(cat.brand_db, "brand")
    assert [e.event_type for e in envelopes] == ["brand.product_assigned", "brand.price_updated"]
    topic = unique_topic(cat.bootstrap, "brand-events")
    await cat.deliver(envelopes, topic=topic, to="product", handlers=PRODUCT_HANDLERS)
    page = (await cat.product.get(f"/api/products/{product['id']}")).json()
    assert page["variants"][1]["brand_offers"][0]["price"] == 189_000
