"""A late payment never oversells: money without stock held is refunded, in either order of
arrival of ``payment.paid`` and the release, and redelivered events change nothing more."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from tests.integration.order.flows import Buyer, invoice_callback, propagate
from tests.integration.order.harness import Market
from tests.integration.order.money import (
    checked_out,
    expire_reservations,
    paid,
    payment,
    refund_everything_owed,
    refunds,
    stock,
)

AFTER_THE_RESERVATION = timedelta(minutes=36)


async def _late_paid_order(shop: Market, *, stock_units: int = 3) -> tuple[object, dict, Buyer]:
    sold, _ = await shop.seller_variant(price=70_000, stock=stock_units)
    buyer = Buyer(shop)
    answer = await checked_out(shop, buyer, (sold, stock_units, None))
    assert await stock(shop, sold) == {
        "on_hand": stock_units,
        "reserved": stock_units,
        "available": 0,
    }
    return sold, answer, buyer


async def _assert_refunded_without_stock(
    shop: Market, sold: object, answer: dict, buyer: Buyer, *, units: int
) -> None:
    order_id = answer["orders"][0]["id"]
    order = await buyer.order(order_id)
    assert order["status"] == "expired"
    assert "paid" not in [h["status"] for h in order["status_history"]]
    assert order["refund_status"] == "completed"
    assert order["refund_amount"] == answer["total"]
    assert await shop.count("order", "outbox", "event_type = 'order.paid'") == 0
    assert await shop.count("warehouse", "reservations", "status = 'confirmed'") == 0
    money = await payment(shop, answer["payment"]["id"])
    assert (money["status"], money["refunded_amount"]) == ("refunded", answer["total"])
    assert [(r["order_id"], r["amount"]) for r in await refunds(shop, money["id"])] == [
        (order_id, answer["total"])
    ]
    # the stock went back whole and is sold to the next buyer, not to the late payer
    assert await stock(shop, sold) == {"on_hand": units, "reserved": 0, "available": units}
    other = Buyer(shop)
    await checked_out(shop, other, (sold, units, None))
    assert (await stock(shop, sold))["available"] == 0


async def test_paid_after_the_reservation_expired_is_refunded_not_shipped(shop: Market) -> None:
    sold, answer, buyer = await _late_paid_order(shop)
    assert await expire_reservations(shop, after=AFTER_THE_RESERVATION) == 1
    await propagate(shop)  # inventory.released reaches the order first: expired
    assert (await buyer.order(answer["orders"][0]["id"]))["status"] == "expired"

    await paid(shop, answer)  # the money arrives anyway
    await refund_everything_owed(shop)

    await _assert_refunded_without_stock(shop, sold, answer, buyer, units=3)


async def test_money_seen_before_the_release_still_never_makes_the_order_paid(
    shop: Market,
) -> None:
    sold, answer, buyer = await _late_paid_order(shop)
    await expire_reservations(shop, after=AFTER_THE_RESERVATION)
    await invoice_callback(shop, answer["payment"]["invoice_id"], "PAID", answer["total"])
    # payment.paid reaches the order before the warehouse's release does
    await shop.deliver("payment", "order")
    waiting = await buyer.order(answer["orders"][0]["id"])
    assert (waiting["status"], waiting["refund_status"]) == ("pending_payment", "none")
    await shop.deliver("payment", "warehouse")  # nothing to confirm: the stock went back
    await propagate(shop)
    await refund_everything_owed(shop)

    await _assert_refunded_without_stock(shop, sold, answer, buyer, units=3)


async def test_paid_after_the_payment_expired_is_recorded_and_refunded(shop: Market) -> None:
    sold, answer, buyer = await _late_paid_order(shop)
    invoice = answer["payment"]["invoice_id"]
    await invoice_callback(shop, invoice, "EXPIRED", answer["total"])
    await propagate(shop)

    await invoice_callback(shop, invoice, "PAID", answer["total"])
    await propagate(shop)
    await refund_everything_owed(shop)

    assert await shop.count("payment", "gateway_logs", "outcome = 'late'") == 1
    await _assert_refunded_without_stock(shop, sold, answer, buyer, units=3)


async def test_paid_after_the_buyer_cancelled_is_refunded(shop: Market) -> None:
    sold, answer, buyer = await _late_paid_order(shop)
    order_id = answer["orders"][0]["id"]
    cancelled = await shop.order.post(f"/api/orders/{order_id}/cancel", headers=buyer.headers)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["refund_status"] == "none"  # nothing was paid yet

    await paid(shop, answer)
    await refund_everything_owed(shop)

    order = await buyer.order(order_id)
    assert (order["status"], order["refund_status"]) == ("cancelled", "completed")
    assert order["refund_amount"] == answer["total"]
    money = await payment(shop, answer["payment"]["id"])
    assert money["refunded_amount"] == answer["total"]
    assert await stock(shop, sold) == {"on_hand": 3, "reserved": 0, "available": 3}


async def test_redelivered_payment_and_release_events_refund_once(shop: Market) -> None:
    sold, answer, buyer = await _late_paid_order(shop)
    await expire_reservations(shop, after=AFTER_THE_RESERVATION)
    await paid(shop, answer)
    await refund_everything_owed(shop)
    # every event again, under new event ids (a producer that re-sent them): no second effect
    for source, target in (("payment", "order"), ("warehouse", "order")):
        assert await shop.deliver(source, target, as_new=True) > 0
    await refund_everything_owed(shop)

    await _assert_refunded_without_stock(shop, sold, answer, buyer, units=3)


async def test_confirming_and_expiring_the_same_reservation_race_to_one_outcome(
    shop: Market,
) -> None:
    """The warehouse's expiry job and its ``payment.paid`` handler run at the same instant, for
    many checkouts: each order ends either paid with its stock held or expired and refunded."""
    sold, _ = await shop.seller_variant(price=70_000, stock=12)
    buyers = [Buyer(shop) for _ in range(6)]
    answers = [await checked_out(shop, b, (sold, 2, None)) for b in buyers]
    for answer in answers:
        await invoice_callback(shop, answer["payment"]["invoice_id"], "PAID", answer["total"])
    await shop.deliver("payment", "order")

    await asyncio.gather(
        shop.deliver("payment", "warehouse"), expire_reservations(shop, after=AFTER_THE_RESERVATION)
    )
    await propagate(shop)
    await refund_everything_owed(shop)

    outcomes = [
        (await b.order(a["orders"][0]["id"]))["status"]
        for b, a in zip(buyers, answers, strict=True)
    ]
    held = outcomes.count("paid")
    assert held + outcomes.count("expired") == 6
    assert await stock(shop, sold) == {
        "on_hand": 12,
        "reserved": 2 * held,
        "available": 12 - 2 * held,
    }
    for answer, outcome in zip(answers, outcomes, strict=True):
        money = await payment(shop, answer["payment"]["id"])
        assert money["refunded_amount"] == (0 if outcome == "paid" else answer["total"])
