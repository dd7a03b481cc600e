"""Ownership, bad inputs (nothing written), and availability from inventory events."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from api.events import InventoryVariantLocked, InventoryVariantUnlocked, build_envelope
from api.kit.auth import Role
from api.product.consumers import HANDLERS as PRODUCT_HANDLERS
from tests.integration.product.harness import Catalogue, count, house_product
from tests.support.kafka import unique_topic
from tests.support.services import as_user

TABLES = ("products", "variants", "outbox")


def _seller_product(prefix: str) -> dict[str, object]:
    return {
        "name": "Kaos Polos Katun Combed",
        "description": "Kaos polos bahan katun combed 30s, adem dipakai harian.",
        "variants": [
            {
                "sku": f"{prefix}-M",
                "size": "M",
                "color": "Hitam",
                "price": 59_000,
                "weight_grams": 180,
            }
        ],
    }


async def test_seller_cannot_modify_another_sellers_product(cat: Catalogue) -> None:
    owner, intruder = uuid4(), uuid4()
    r = await cat.product.post(
        "/api/products", headers=as_user(Role.seller, owner), json=_seller_product("SLR1")
    )
    assert r.status_code == 201, r.text
    product = r.json()
    assert product["seller_id"] == str(owner)
    before = count(cat.product_db, "outbox")
    for method, path, body in (
        ("PATCH", f"/api/products/{product['id']}", {"name": "Kaos Curian"}),
        ("POST", f"/api/products/{product['id']}/status", {"status": "inactive"}),
        ("DELETE", f"/api/products/{product['id']}", None),
    ):
        r = await cat.product.request(
            method, path, headers=as_user(Role.seller, intruder), json=body
        )
        assert r.status_code == 403, (method, r.text)
        assert r.headers["content-type"] == "application/problem+json"
    assert count(cat.product_db, "outbox") == before
    ok = await cat.product.patch(
        f"/api/products/{product['id']}",
        headers=as_user(Role.seller, owner),
        json={"name": "Kaos Polos Premium"},
    )
    assert ok.status_code == 200 and ok.json()["name"] == "Kaos Polos Premium"


async def test_seller_cannot_set_a_brand_price(cat: Catalogue) -> None:
    product = (
        await cat.product.post("/api/products", headers=as_user(Role.admin), json=house_product())
    ).json()
    r = await cat.brand.put(
        f"/api/brands/{uuid4()}/products/{product['variants'][0]['id']}",
        headers=as_user(Role.seller),
        json={"price": 300_000},
    )
    assert r.status_code == 403
    assert r.headers["content-type"] == "application/problem+json"
    assert count(cat.brand_db, "brand_products") == 0 and count(cat.brand_db, "outbox") == 0


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("duplicate_sku", "variants.0.sku"),
        ("unknown_category", "category_id"),
        ("empty_variants", "variants"),
        ("sku_repeated_in_body", "variants.1.sku"),
    ],
)
async def test_bad_product_input_is_a_problem_and_writes_nothing(
    cat: Catalogue, case: str, field: str
) -> None:
    admin = as_user(Role.admin)
    existing = house_product()
    assert (
        await cat.product.post("/api/products", headers=admin, json=existing)
    ).status_code == 201
    before = {t: count(cat.product_db, t) for t in TABLES}
    body = house_product()
    if case == "duplicate_sku":
        body["variants"][0]["sku"] = existing["variants"][0]["sku"]
    elif case == "unknown_category":
        body["category_id"] = str(uuid4())
    elif case == "empty_variants":
        body["variants"] = []
    else:
        body["variants"][1]["sku"] = body["variants"][0]["sku"]
    r = await cat.product.post("/api/products", headers=admin, json=body)
    assert r.status_code in (409, 422), r.text
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert {"type", "title", "status", "detail"} <= problem.keys()
    assert field in [e["field"] for e in problem["errors"]]
    assert {t: count(cat.product_db, t) for t in TABLES} == before


def _lock_event(cls: type, product_id: UUID, variant_id: UUID, **extra: object) -> object:
    payload = cls(
        variant_id=variant_id,
        product_id=product_id,
        constraining_variant_id=uuid4(),
        max_orderable=extra.pop("max_orderable"),
        available=0,
        backordered=50,
        **extra,
    )
    return build_envelope(payload, aggregate_id=variant_id, producer="warehouse")


async def test_availability_follows_variant_locked_and_unlocked(cat: Catalogue) -> None:
    product = (
        await cat.product.post("/api/products", headers=as_user(Role.admin), json=house_product())
    ).json()
    pid, vid = UUID(product["id"]), UUID(product["variants"][1]["id"])
    size = product["variants"][1]["size"]
    assert product["variants"][1]["availability"]["orderable"] is True
    topic = unique_topic(cat.bootstrap, "inventory-events")

    locked = _lock_event(
        InventoryVariantLocked, pid, vid, max_orderable=0, locked_at=datetime.now(UTC)
    )
    await cat.deliver([locked], topic=topic, to="product", handlers=PRODUCT_HANDLERS)  # type: ignore[list-item]
    page = (await cat.product.get(f"/api/products/{pid}")).json()
    assert page["variants"][1]["availability"] == {
        "status": "locked",
        "available": 0,
        "max_orderable": 0,
        "orderable": False,
    }
    assert page["variants"][0]["availability"]["status"] == "unknown"
    in_stock = await cat.product.get("/api/products", params={"in_stock": "true", "size": size})
    assert in_stock.json()["total"] == 0

    unlocked = _lock_event(
        InventoryVariantUnlocked, pid, vid, max_orderable=12, unlocked_at=datetime.now(UTC)
    )
    await cat.deliver([unlocked], topic=topic, to="product", handlers=PRODUCT_HANDLERS)  # type: ignore[list-item]
    page = (await cat.product.get(f"/api/products/{pid}")).json()
    assert page["variants"][1]["availability"]["orderable"] is True
    assert page["variants"][1]["availability"]["max_orderable"] == 12
    in_stock = await cat.product.get("/api/products", params={"in_stock": "true", "size": size})
    assert in_stock.json()["total"] == 1


async def test_an_added_variant_is_answered_and_widens_the_price_range(cat: Catalogue) -> None:
    """Found by the fuzzer: the answer was built from the product loaded before the insert, so
    the new variant was missing and the route failed with a 500."""
    owner = uuid4()
    seller = as_user(Role.seller, owner)
    created = await cat.product.post("/api/products", headers=seller, json=_seller_product("AV1"))
    assert created.status_code == 201, created.text
    product_id = created.json()["id"]
    added = await cat.product.post(
        f"/api/products/{product_id}/variants",
        headers=seller,
        json={"sku": "AV1-XL", "size": "XL", "price": 79_000, "weight_grams": 200},
    )
    assert added.status_code == 201, added.text
    assert (added.json()["sku"], added.json()["price"]) == ("AV1-XL", 79_000)
    page = (await cat.product.get(f"/api/products/{product_id}", headers=seller)).json()
    assert sorted(v["sku"] for v in page["variants"]) == ["AV1-M", "AV1-XL"]
    assert (page["min_price"], page["max_price"]) == (59_000, 79_000)


async def test_an_explicit_null_category_is_a_422_and_changes_nothing(cat: Catalogue) -> None:
    """Found by the fuzzer: ``{"category_id": null}`` looked the null up as a key (a 500)."""
    admin = as_user(Role.admin)
    category = await cat.product.post("/api/categories", headers=admin, json={"name": "Batik"})
    assert category.status_code == 201, category.text
    body = {**_seller_product("NC1"), "category_id": category.json()["id"]}
    seller = as_user(Role.seller, uuid4())
    product = (await cat.product.post("/api/products", headers=seller, json=body)).json()
    response = await cat.product.patch(
        f"/api/products/{product['id']}", headers=seller, json={"category_id": None}
    )
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["category_id"]
    after = (await cat.product.get(f"/api/products/{product['id']}", headers=seller)).json()
    assert after["category_id"] == category.json()["id"]
