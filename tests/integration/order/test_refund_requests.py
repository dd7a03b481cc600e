"""Refunds the saga asks for: only what remains refundable of the order, once; a permanent
refusal stops the retries, a transient one backs off and succeeds later."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from api.kit.auth import Role
from tests.integration.order.flows import Buyer
from tests.integration.order.harness import Market
from tests.integration.order.money import (
    ask_refunds,
    checked_out,
    paid,
    pay_out_refunds,
    payment,
    refunds,
    share,
)
from tests.support.services import as_user

SUPPORT = as_user(Role.support_agent)


async def _staff_refund(shop: Market, answer: dict[str, Any], order_id: str, amount: int) -> None:
    response = await shop.payment.post(
        f"/api/payments/{answer['payment']['id']}/refunds",
        json={"order_id": order_id, "amount": amount, "reason": "goodwill: late delivery"},
        headers=SUPPORT,
    )
    assert response.status_code == 201, response.text


async def _cancel(shop: Market, buyer: Buyer, order_id: str) -> dict[str, Any]:
    response = await shop.order.post(f"/api/orders/{order_id}/cancel", headers=buyer.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_cancelling_after_a_partial_refund_refunds_only_the_rest_once(
    shop: Market,
) -> None:
    house, brand = await shop.house_variant(price=80_000, brand_price=100_000, stock=5)
    buyer = Buyer(shop)
    answer = await checked_out(shop, buyer, (house, 2, brand))
    await paid(shop, answer)
    order_id, total = answer["orders"][0]["id"], answer["total"]
    await _staff_refund(shop, answer, order_id, 15_000)
    await pay_out_refunds(shop)
    # the staff refund is not the order's own: the order still owes nothing, still processing
    assert (await buyer.order(order_id))["refund_status"] == "none"

    cancelled = await _cancel(shop, buyer, order_id)

    assert (cancelled["status"], cancelled["refund_status"]) == ("cancelled", "requested")
    assert cancelled["refund_amount"] == total - 15_000
    await pay_out_refunds(shop)
    assert await ask_refunds(shop, after=timedelta(hours=2)) == 0  # nothing asked twice
    money = await payment(shop, answer["payment"]["id"])
    assert (money["status"], money["refunded_amount"]) == ("refunded", total)
    assert [r["amount"] for r in await refunds(shop, money["id"])] == [15_000, total - 15_000]
    order = await buyer.order(order_id)
    assert (order["refund_status"], order["refund_amount"]) == ("completed", total - 15_000)


async def test_a_refund_payment_refuses_for_good_is_not_retried(shop: Market) -> None:
    sold, _ = await shop.seller_variant(price=60_000, stock=5)
    buyer = Buyer(shop)
    answer = await checked_out(shop, buyer, (sold, 1, None))
    await paid(shop, answer)
    order_id, total = answer["orders"][0]["id"], answer["total"]
    await _staff_refund(shop, answer, order_id, total)  # support gave everything back already
    await pay_out_refunds(shop)

    cancelled = await _cancel(shop, buyer, order_id)

    assert (cancelled["status"], cancelled["refund_status"]) == ("cancelled", "refused")
    assert "cannot be refunded" in cancelled["refund_failure"]  # the reason, for staff
    for hours in (1, 5, 24):  # the refunds job runs on and on: it never asks again
        assert await ask_refunds(shop, after=timedelta(hours=hours)) == 0
    assert [r["amount"] for r in await refunds(shop, answer["payment"]["id"])] == [total]
    assert (await payment(shop, answer["payment"]["id"]))["refunded_amount"] == total


async def test_a_refund_blocked_by_an_open_one_backs_off_then_succeeds(shop: Market) -> None:
    house, brand = await shop.house_variant(price=80_000, brand_price=100_000, stock=5)
    sold, seller = await shop.seller_variant(price=60_000, stock=5)
    buyer = Buyer(shop)
    answer = await checked_out(shop, buyer, (house, 1, brand), (sold, 1, None))
    await paid(shop, answer)
    orders = {o["seller_id"]: o for o in answer["orders"]}
    house_order, seller_order = orders[None], orders[str(seller)]
    await _staff_refund(shop, answer, house_order["id"], 20_000)  # open, not yet paid out

    cancelled = await _cancel(shop, buyer, seller_order["id"])

    # one open refund per payment: the payment service answers "not now", not "never"
    assert (cancelled["status"], cancelled["refund_status"]) == ("cancelled", "pending")
    assert await ask_refunds(shop) == 0  # backing off: not due yet
    await pay_out_refunds(shop)  # the staff refund completes
    assert await ask_refunds(shop, after=timedelta(minutes=2)) == 1
    await pay_out_refunds(shop)
    money = await payment(shop, answer["payment"]["id"])
    assert share(money, seller_order["id"])["refunded_amount"] == seller_order["total"]
    assert share(money, house_order["id"])["refunded_amount"] == 20_000
    assert money["refunded_amount"] == seller_order["total"] + 20_000
    order = await buyer.order(seller_order["id"])
    assert (order["refund_status"], order["refund_amount"]) == ("completed", seller_order["total"])
