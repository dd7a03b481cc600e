"""Checkout end to end in-process: split per fulfilment source, one payment, paid on webhook."""

from __future__ import annotations

from tests.integration.order.fakes import shipping_cost
from tests.integration.order.flows import Buyer, invoice_callback, propagate
from tests.integration.order.harness import Market


async def test_checkout_splits_house_and_seller_items_into_orders_with_one_payment(
    shop: Market,
) -> None:
    house, brand = await shop.house_variant(price=100_000, brand_price=120_000, stock=5)
    sold, seller = await shop.seller_variant(price=50_000, stock=5)
    buyer = Buyer(shop)
    assert (await buyer.add(house, 2, brand)).status_code == 201
    assert (await buyer.add(sold, 1)).status_code == 201

    response = await buyer.checkout()

    assert response.status_code == 201, response.text
    answer = response.json()
    by_source = {o["seller_id"]: o for o in answer["orders"]}
    assert set(by_source) == {None, str(seller)}
    assert by_source[None]["total"] == 240_000 + shipping_cost(500)
    assert by_source[str(seller)]["total"] == 50_000 + shipping_cost(250)
    assert all(o["status"] == "pending_payment" for o in answer["orders"])
    assert answer["total"] == sum(o["total"] for o in answer["orders"])
    assert answer["payment"]["amount"] == answer["total"]
    assert answer["payment"]["status"] == "pending"
    assert answer["payment"]["invoice_url"]
    assert await shop.available(house) == 3
    assert (await buyer.cart())["items"] == []

    order = await buyer.order(by_source[None]["id"])
    assert order["items"][0]["unit_price"] == 120_000
    assert order["items"][0]["brand_id"] == str(brand)
    assert order["shipping_address"]["postal_code"] == "10110"
    assert [h["status"] for h in order["status_history"]] == ["pending_payment"]
    assert order["number"].startswith("ORD-")


async def test_paid_webhook_marks_every_order_of_the_checkout_paid(shop: Market) -> None:
    house, brand = await shop.house_variant(price=80_000, brand_price=90_000, stock=5)
    sold, _ = await shop.seller_variant(price=40_000, stock=5)
    buyer = Buyer(shop)
    await buyer.add(house, 1, brand)
    await buyer.add(sold, 1)
    answer = (await buyer.checkout()).json()

    await invoice_callback(shop, answer["payment"]["invoice_id"], "PAID", answer["total"])
    await propagate(shop)

    statuses = {o["seller_id"]: (await buyer.order(o["id"]))["status"] for o in answer["orders"]}
    # LAKOO accepts its own orders at once; a seller has 24 h to accept
    assert statuses[None] == "processing"
    assert [s for k, s in statuses.items() if k is not None] == ["paid"]
    assert await shop.count("warehouse", "reservations", "status = 'confirmed'") == 2
