"""Checkout rules: the price-change acceptance rule and bad input that writes nothing."""

from __future__ import annotations

from uuid import uuid4

from tests.integration.order.flows import Buyer
from tests.integration.order.harness import Market
from tests.integration.order.test_checkout_saga import order_side_rows


async def test_changed_price_is_refused_until_accepted_then_charged_at_the_current_price(
    shop: Market,
) -> None:
    house, brand = await shop.house_variant(price=100_000, brand_price=120_000, stock=5)
    buyer = Buyer(shop)
    item = (await buyer.add(house, 2, brand)).json()["items"][0]
    await shop.set_brand_price(brand, house, 110_000)  # a brand manager lowers the price
    before = await order_side_rows(shop)

    refused = await buyer.checkout()

    assert refused.status_code == 409
    problem = refused.json()
    assert problem["type"].endswith("/price-changed")
    assert problem["errors"][0]["field"] == "items.0.unit_price"
    assert (problem["errors"][0]["previous_price"], problem["errors"][0]["current_price"]) == (
        120_000,
        110_000,
    )
    assert await order_side_rows(shop) == before
    assert await shop.available(house) == 5  # nothing reserved

    accepted = await shop.cart.post(
        f"/api/cart/items/{item['id']}/accept-price", headers=buyer.headers
    )
    assert accepted.status_code == 200
    response = await buyer.checkout()

    assert response.status_code == 201, response.text
    order = await buyer.order(response.json()["orders"][0]["id"])
    assert order["items"][0]["unit_price"] == 110_000
    assert order["subtotal"] == 220_000


async def test_bad_checkouts_name_the_field_and_write_nothing(shop: Market) -> None:
    sold, _ = await shop.seller_variant(price=70_000, stock=5)
    empty = Buyer(shop)
    buyer = Buyer(shop)
    await buyer.add(sold, 1)
    stranger = Buyer(shop)
    before = await order_side_rows(shop)
    cases = [
        (empty, {"address_id": str(empty.address_id)}, 422, "cart"),
        (buyer, {"address_id": str(uuid4())}, 422, "address_id"),
        (buyer, {"address_id": str(stranger.address_id)}, 422, "address_id"),
        (buyer, {"address_id": str(buyer.address_id), "coupon": "X"}, 422, "coupon"),
        (buyer, {}, 422, "address_id"),
        (buyer, {"address_id": "not-a-uuid"}, 422, "address_id"),
    ]
    for who, body, status, field in cases:
        response = await who.checkout(body=body)
        assert response.status_code == status, (body, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert field in {e["field"] for e in response.json()["errors"]}, response.text
    no_key = await shop.order.post(
        "/api/checkout", json={"address_id": str(buyer.address_id)}, headers=buyer.headers
    )
    assert no_key.status_code == 422
    assert "Idempotency-Key" in {e["field"] for e in no_key.json()["errors"]}
    assert await order_side_rows(shop) == before
    assert await shop.available(sold) == 5
    assert await shop.count("payment", "payments") == 0
