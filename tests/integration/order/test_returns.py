"""Returns through the public API: distinct lines only, never more than those lines (capped by
what remains of this order, not of the payment), and a partial return ends ``completed``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import select

from api.kit.auth import Role
from api.kit.tables import outbox
from tests.integration.order.flows import Buyer
from tests.integration.order.harness import Market
from tests.integration.order.money import (
    checked_out,
    paid,
    pay_out_refunds,
    payment,
    refund_everything_owed,
    refunds,
    share,
)
from tests.integration.order.shipments import deliver, ship
from tests.support.services import as_user

DESK = as_user(Role.warehouse_staff)
RETURN_TABLES = ("order_returns", "order_return_items", "order_status_history", "outbox")


async def _delivered(shop: Market, buyer: Buyer, answer: dict[str, Any], order_id: str) -> dict:
    await paid(shop, answer)
    await deliver(shop, order_id, await ship(shop, order_id), at=datetime.now(UTC))
    order = await buyer.order(order_id)
    assert order["status"] == "delivered"
    return order


async def _two_line_house_order(shop: Market) -> tuple[Buyer, dict[str, Any], dict[str, Any]]:
    """A delivered house order of a cheap line (2 × 25,000) and a dear one (1 × 400,000)."""
    cheap, brand = await shop.house_variant(price=20_000, brand_price=25_000, stock=10)
    dear, dear_brand = await shop.house_variant(price=300_000, brand_price=400_000, stock=10)
    buyer = Buyer(shop)
    answer = await checked_out(shop, buyer, (cheap, 2, brand), (dear, 1, dear_brand))
    order = await _delivered(shop, buyer, answer, answer["orders"][0]["id"])
    return buyer, answer, order


def _line(order: dict[str, Any], unit_price: int) -> dict[str, Any]:
    return next(i for i in order["items"] if i["unit_price"] == unit_price)


async def _ask_return(shop: Market, buyer: Buyer, order_id: str, **body: Any) -> Any:
    return await shop.order.post(
        f"/api/orders/{order_id}/returns",
        json={"reason": "does not fit", **body},
        headers=buyer.headers,
    )


async def _receive(shop: Market, order_id: str) -> dict[str, Any]:
    response = await shop.order.post(f"/api/orders/{order_id}/returns/receive", headers=DESK)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _events(shop: Market, event_type: str) -> list[dict[str, Any]]:
    async with shop.uows["order"]() as uow:
        rows = await uow.session.execute(
            select(outbox.c.payload).where(outbox.c.event_type == event_type).order_by(outbox.c.id)
        )
        return [dict(r) for (r,) in rows]


async def test_an_item_listed_ten_times_is_refused_naming_it_and_nothing_is_written(
    shop: Market,
) -> None:
    buyer, _, order = await _two_line_house_order(shop)
    cheap = _line(order, 25_000)["id"]
    before = {t: await shop.count("order", t) for t in RETURN_TABLES}

    response = await _ask_return(shop, buyer, order["id"], order_item_ids=[cheap] * 10)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["order_item_ids.1"]
    assert {t: await shop.count("order", t) for t in RETURN_TABLES} == before
    assert (await buyer.order(order["id"]))["status"] == "delivered"


async def test_a_line_of_another_order_is_refused_naming_it(shop: Market) -> None:
    buyer, _, order = await _two_line_house_order(shop)
    cheap = _line(order, 25_000)["id"]

    response = await _ask_return(shop, buyer, order["id"], order_item_ids=[cheap, str(uuid4())])

    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["order_item_ids.1"]
    assert await shop.count("order", "order_returns") == 0


async def test_a_partial_return_refunds_its_lines_and_completes_for_the_lines_kept(
    shop: Market,
) -> None:
    buyer, answer, order = await _two_line_house_order(shop)
    cheap, dear = _line(order, 25_000), _line(order, 400_000)
    assert cheap["line_total"] == 50_000

    requested = await _ask_return(shop, buyer, order["id"], order_item_ids=[cheap["id"]])
    assert requested.status_code == 201, requested.text
    assert requested.json()["refund_amount"] == 50_000  # the line, no shipping: items were kept
    await _receive(shop, order["id"])
    await refund_everything_owed(shop)

    done = await buyer.order(order["id"])
    assert done["status"] == "completed"
    assert [h["status"] for h in done["status_history"]][-4:] == [
        "delivered",
        "return_requested",
        "returned",
        "completed",
    ]
    assert (done["refund_status"], done["refund_amount"]) == ("completed", 50_000)
    money = await payment(shop, answer["payment"]["id"])
    assert share(money, order["id"])["refunded_amount"] == 50_000
    assert money["refunded_amount"] == 50_000 and money["status"] == "partially_refunded"
    (completed,) = await _events(shop, "order.completed")
    (refund,) = await refunds(shop, money["id"])
    # what the settlement reads: the seller is paid for the kept line, the refund is its own line
    assert completed["completed_by"] == "partial_return"
    assert completed["subtotal"] == 450_000
    assert completed["kept_subtotal"] == dear["line_total"] == 400_000
    assert completed["returned_item_ids"] == [cheap["id"]]
    assert completed["refunded_amount"] == 50_000
    assert completed["refund_id"] == refund["id"]
    (returned,) = await _events(shop, "order.returned")
    assert (returned["items_total"], returned["shipping_refunded"]) == (50_000, 0)
    assert returned["full_return"] is False


async def test_a_full_return_refunds_the_whole_order_and_ends_refunded(shop: Market) -> None:
    buyer, answer, order = await _two_line_house_order(shop)

    requested = await _ask_return(shop, buyer, order["id"])  # no ids: every line
    assert requested.status_code == 201, requested.text
    assert requested.json()["refund_amount"] == order["total"]  # lines and shipping
    await _receive(shop, order["id"])
    await refund_everything_owed(shop)

    done = await buyer.order(order["id"])
    assert (done["status"], done["refund_amount"]) == ("refunded", order["total"])
    assert await _events(shop, "order.completed") == []
    money = await payment(shop, answer["payment"]["id"])
    assert (money["status"], money["refunded_amount"]) == ("refunded", order["total"])


async def test_a_return_is_capped_by_what_remains_of_its_order_not_of_the_payment(
    shop: Market,
) -> None:
    """One payment covers a house and a seller order; support already gave 60,000 back on the
    house order. Returning all of it refunds only the rest of the house order; the seller
    order's share of the payment is never touched."""
    house, brand = await shop.house_variant(price=80_000, brand_price=100_000, stock=5)
    sold, seller = await shop.seller_variant(price=300_000, stock=5)
    buyer = Buyer(shop)
    answer = await checked_out(shop, buyer, (house, 1, brand), (sold, 1, None))
    orders = {o["seller_id"]: o for o in answer["orders"]}
    house_order, seller_order = orders[None], orders[str(seller)]
    await _delivered(shop, buyer, answer, house_order["id"])
    goodwill = await shop.payment.post(
        f"/api/payments/{answer['payment']['id']}/refunds",
        json={"order_id": house_order["id"], "amount": 60_000, "reason": "late delivery"},
        headers=as_user(Role.support_agent),
    )
    assert goodwill.status_code == 201, goodwill.text
    await pay_out_refunds(shop)

    assert (await _ask_return(shop, buyer, house_order["id"])).status_code == 201
    await _receive(shop, house_order["id"])
    await refund_everything_owed(shop)

    done = await buyer.order(house_order["id"])
    assert (done["status"], done["refund_amount"]) == ("refunded", house_order["total"] - 60_000)
    money = await payment(shop, answer["payment"]["id"])
    assert share(money, house_order["id"])["refunded_amount"] == house_order["total"]
    assert share(money, seller_order["id"])["refunded_amount"] == 0
    assert money["refunded_amount"] == house_order["total"] < money["amount"]
    assert [r["amount"] for r in await refunds(shop, money["id"])] == [
        60_000,
        house_order["total"] - 60_000,
    ]
