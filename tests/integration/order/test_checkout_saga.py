"""The checkout saga's guarantees: idempotency, no oversell, expiry, refunds, compensation."""

from __future__ import annotations

import asyncio
from uuid import uuid4

from tests.integration.order.flows import Buyer, invoice_callback, propagate
from tests.integration.order.harness import ADMIN, Market

ORDER_TABLES = ("checkouts", "orders", "order_items", "order_status_history", "outbox")


async def order_side_rows(shop: Market) -> dict[str, int]:
    return {t: await shop.count("order", t) for t in ORDER_TABLES}


async def test_same_idempotency_key_twice_gives_same_checkout_one_reservation_one_payment(
    shop: Market,
) -> None:
    sold, _ = await shop.seller_variant(price=70_000, stock=5)
    buyer = Buyer(shop)
    await buyer.add(sold, 2)

    first = await buyer.checkout(key="checkout-key-1")
    again = await buyer.checkout(key="checkout-key-1")

    assert first.status_code == again.status_code == 201, again.text
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert await shop.count("warehouse", "reservation_checkouts") == 1
    assert await shop.count("payment", "payments") == 1
    assert await shop.count("order", "orders") == 1
    assert await shop.available(sold) == 3


async def test_same_key_with_a_different_body_is_refused(shop: Market) -> None:
    sold, _ = await shop.seller_variant(price=70_000, stock=5)
    buyer = Buyer(shop)
    await buyer.add(sold, 1)
    assert (await buyer.checkout(key="checkout-key-2")).status_code == 201

    other = await buyer.checkout(key="checkout-key-2", body={"address_id": str(uuid4())})

    assert other.status_code == 409
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"
    assert await shop.count("payment", "payments") == 1


async def test_twenty_buyers_racing_for_the_last_ten_units_exactly_ten_succeed(
    shop: Market,
) -> None:
    house, brand = await shop.house_variant(price=50_000, brand_price=60_000, stock=10)
    buyers = [Buyer(shop) for _ in range(20)]
    for buyer in buyers:
        assert (await buyer.add(house, 1, brand)).status_code == 201

    answers = await asyncio.gather(*(buyer.checkout() for buyer in buyers))

    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] * 10 + [409] * 10
    refused = [a.json() for a in answers if a.status_code == 409]
    assert all(p["variant_id"] == str(house) for p in refused)
    assert all(p["errors"][0]["field"] == "variant_id" for p in refused)
    assert await shop.available(house) == 0
    assert await shop.count("order", "orders") == 10
    assert await shop.count("order", "checkouts") == 10
    assert await shop.count("payment", "payments") == 10


async def test_refused_reservation_writes_nothing_on_the_order_side(shop: Market) -> None:
    sold, _ = await shop.seller_variant(price=70_000, stock=3)
    buyer = Buyer(shop)
    await buyer.add(sold, 3)
    await shop.warehouse.post(
        "/api/warehouse/stock-adjustments",
        json={"variant_id": str(sold), "quantity_change": -2, "reason": "damaged"},
        headers=ADMIN,
    )
    before = await order_side_rows(shop)

    response = await buyer.checkout()

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["variant_id"] == str(sold)
    assert await order_side_rows(shop) == before
    assert await shop.count("payment", "payments") == 0


async def test_failed_payment_releases_the_reservation_and_answers_503(shop: Market) -> None:
    sold, _ = await shop.seller_variant(price=70_000, stock=4)
    buyer = Buyer(shop)
    await buyer.add(sold, 4)
    shop.xendit["fail"] = True
    before = await order_side_rows(shop)

    response = await buyer.checkout()

    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "released" in response.json()["detail"]
    assert await shop.available(sold) == 4
    assert await order_side_rows(shop) == before
    assert len((await buyer.cart())["items"]) == 1  # the cart is kept for another try


async def test_unpaid_checkout_expires_and_its_stock_returns(shop: Market) -> None:
    sold, _ = await shop.seller_variant(price=70_000, stock=5)
    buyer = Buyer(shop)
    await buyer.add(sold, 2)
    answer = (await buyer.checkout()).json()
    assert await shop.available(sold) == 3

    await invoice_callback(shop, answer["payment"]["invoice_id"], "EXPIRED", answer["total"])
    await propagate(shop)

    order = await buyer.order(answer["orders"][0]["id"])
    assert order["status"] == "expired"
    assert [h["status"] for h in order["status_history"]] == ["pending_payment", "expired"]
    assert await shop.available(sold) == 5


async def test_cancelling_a_paid_order_refunds_it_and_returns_its_stock(shop: Market) -> None:
    sold, _ = await shop.seller_variant(price=70_000, stock=5)
    buyer = Buyer(shop)
    await buyer.add(sold, 1)
    answer = (await buyer.checkout()).json()
    order_id = answer["orders"][0]["id"]
    await invoice_callback(shop, answer["payment"]["invoice_id"], "PAID", answer["total"])
    await propagate(shop)

    response = await shop.order.post(f"/api/orders/{order_id}/cancel", headers=buyer.headers)
    await propagate(shop)

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "cancelled"
    assert response.json()["refund_status"] == "requested"
    refunds = await shop.payment.get(
        f"/api/payments/{answer['payment']['id']}/refunds", headers=ADMIN
    )
    assert [(r["order_id"], r["amount"]) for r in refunds.json()] == [(order_id, answer["total"])]
    assert await shop.available(sold) == 5


async def test_a_shipped_order_cannot_be_cancelled(shop: Market) -> None:
    from tests.integration.order.shipments import ship

    house, brand = await shop.house_variant(price=50_000, brand_price=60_000, stock=5)
    buyer = Buyer(shop)
    await buyer.add(house, 1, brand)
    answer = (await buyer.checkout()).json()
    order_id = answer["orders"][0]["id"]
    await invoice_callback(shop, answer["payment"]["invoice_id"], "PAID", answer["total"])
    await propagate(shop)
    await ship(shop, order_id)

    response = await shop.order.post(f"/api/orders/{order_id}/cancel", headers=buyer.headers)

    assert response.status_code == 409
    assert response.json()["type"].endswith("/illegal-transition")
    assert (await buyer.order(order_id))["status"] == "shipped"
