"""The minimum margin cannot be walked around: house costs are the admins' (at least Rp 1), and
the brand service learns every cost change, never keeping the first cost it heard of."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from api.brand.consumers import HANDLERS as BRAND_HANDLERS
from api.brand.house_brands import HOUSE_BRANDS
from api.kit.auth import Role
from tests.integration.product.harness import Catalogue, count, house_product, outbox_envelopes
from tests.support.kafka import unique_topic
from tests.support.services import as_user

ADMIN = as_user(Role.admin)
BRAND = HOUSE_BRANDS[2]  # min margin 30%: the lowest price is cost × 1.3, rounded up


async def _manager(cat: Catalogue) -> dict[str, str]:
    manager = uuid4()
    response = await cat.brand.put(
        f"/api/brands/{BRAND.id}/manager", headers=ADMIN, json={"manager_user_id": str(manager)}
    )
    assert response.status_code == 200, response.text
    return as_user(Role.brand_manager, manager)


async def _price(cat: Catalogue, headers: dict[str, str], variant_id: str, price: int) -> Any:
    return await cat.brand.put(
        f"/api/brands/{BRAND.id}/products/{variant_id}", headers=headers, json={"price": price}
    )


async def _recost(cat: Catalogue, headers: dict[str, str], product: dict, cost: int) -> Any:
    variant = product["variants"][0]
    return await cat.product.patch(
        f"/api/products/{product['id']}/variants/{variant['id']}",
        json={"cost_price": cost},
        headers=headers,
    )


def _fields(response: Any) -> list[str]:
    return [e["field"] for e in response.json().get("errors", [])]


async def test_a_brand_manager_cannot_set_a_house_cost_and_an_admin_not_to_zero(
    cat: Catalogue,
) -> None:
    manager = await _manager(cat)
    before = count(cat.product_db, "variants"), count(cat.product_db, "outbox")
    with_cost = await cat.product.post("/api/products", headers=manager, json=house_product())
    assert (with_cost.status_code, _fields(with_cost)) == (403, ["variants.0.cost_price"])
    zero = house_product()
    zero["variants"][1]["cost_price"] = 0
    admin_zero = await cat.product.post("/api/products", headers=ADMIN, json=zero)
    assert (admin_zero.status_code, _fields(admin_zero)) == (422, ["variants.1.cost_price"])
    assert (count(cat.product_db, "variants"), count(cat.product_db, "outbox")) == before

    # a brand manager's product has no cost until an admin sets it: it cannot be priced
    body = house_product()
    for variant in body["variants"]:
        variant.pop("cost_price")
    created = await cat.product.post("/api/products", headers=manager, json=body)
    assert created.status_code == 201, created.text
    product = created.json()
    variant_id = product["variants"][0]["id"]
    unpriced = await _price(cat, manager, variant_id, 1)
    assert (unpriced.status_code, _fields(unpriced)) == (422, ["price"])
    for headers, cost, status in ((manager, 1, 403), (ADMIN, 0, 422)):
        refused = await _recost(cat, headers, product, cost)
        assert (refused.status_code, _fields(refused)) == (status, ["cost_price"])

    recosted = await _recost(cat, ADMIN, product, 100_000)
    assert recosted.status_code == 200, recosted.text
    below = await _price(cat, manager, variant_id, 129_999)
    assert (below.status_code, _fields(below)) == (422, ["price"])
    assert (await _price(cat, manager, variant_id, 130_000)).status_code == 200


async def test_the_brand_learns_a_raised_cost_and_holds_the_margin_to_it(cat: Catalogue) -> None:
    manager = await _manager(cat)
    body = house_product()
    for variant in body["variants"]:
        variant["cost_price"] = 100_000
    product = (await cat.product.post("/api/products", headers=ADMIN, json=body)).json()
    variant_id = product["variants"][0]["id"]
    # priced at once, before any event: the brand read the cost from the product service
    first = await _price(cat, manager, variant_id, 140_000)
    assert first.status_code == 200, first.text

    assert (await _recost(cat, ADMIN, product, 200_000)).status_code == 200
    envelopes = outbox_envelopes(cat.product_db, "product")
    assert [e.event_type for e in envelopes] == ["product.created", "product.updated"]
    await cat.deliver(
        envelopes, topic=unique_topic(cat.bootstrap, "product-events"), to="brand",
        handlers=BRAND_HANDLERS,
    )  # fmt: skip

    below = await _price(cat, manager, variant_id, 259_999)  # 200,000 × 1.3 = 260,000
    assert (below.status_code, _fields(below)) == (422, ["price"])
    assert "260000" in below.json()["detail"]
    # the older product.created again (a replay to a fresh consumer group) changes nothing
    await cat.deliver(
        envelopes[:1], topic=unique_topic(cat.bootstrap, "product-events"), to="brand",
        handlers=BRAND_HANDLERS,
    )  # fmt: skip
    assert (await _price(cat, manager, variant_id, 259_999)).status_code == 422
    assert (await _price(cat, manager, variant_id, 260_000)).status_code == 200
    assert _cost(cat, UUID(variant_id)) == 200_000


def _cost(cat: Catalogue, variant_id: UUID) -> int:
    from sqlalchemy import select

    from api.brand.models import KnownVariant

    with cat.brand_db.connect() as conn:
        value = conn.scalar(
            select(KnownVariant.cost_price).where(KnownVariant.variant_id == variant_id)
        )
    return int(value or 0)
