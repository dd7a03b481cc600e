"""Stock hoarding: a buyer holds at most 3 unpaid checkouts at once; the 4th is a clear 409 with
nothing reserved, under races too, and checking out again every 35 minutes holds no more."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from uuid import uuid4

from tests.integration.order.flows import Buyer, propagate
from tests.integration.order.harness import Market
from tests.integration.order.money import checked_out, expire_reservations, paid, stock

LIMIT = 3


async def _refused_fourth(shop: Market, buyer: Buyer, variant: object) -> None:
    before = (
        await stock(shop, variant),
        await shop.count("warehouse", "reservation_checkouts"),
        await shop.count("payment", "payments"),
        await shop.count("order", "checkouts"),
    )
    await buyer.add(variant, 1)  # type: ignore[arg-type]
    response = await buyer.checkout()

    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/too-many-unpaid-checkouts")
    assert problem["limit"] == LIMIT and len(problem["unpaid_checkout_ids"]) == LIMIT
    after = (
        await stock(shop, variant),
        await shop.count("warehouse", "reservation_checkouts"),
        await shop.count("payment", "payments"),
        await shop.count("order", "checkouts"),
    )
    assert after == before  # nothing reserved, no payment, no claim


async def test_a_fourth_unpaid_checkout_is_refused_until_one_is_paid(shop: Market) -> None:
    sold, _ = await shop.seller_variant(price=70_000, stock=20)
    buyer = Buyer(shop)
    answers = [await checked_out(shop, buyer, (sold, 2, None)) for _ in range(LIMIT)]
    assert await stock(shop, sold) == {"on_hand": 20, "reserved": 6, "available": 14}

    await _refused_fourth(shop, buyer, sold)

    # another buyer is not held back by this one
    await checked_out(shop, Buyer(shop), (sold, 1, None))
    # paying one frees a place: the refused line (still in the cart) checks out now
    await paid(shop, answers[0])
    again = await buyer.checkout()
    assert again.status_code == 201, again.text
    assert await stock(shop, sold) == {"on_hand": 20, "reserved": 6 + 1 + 1, "available": 12}


async def test_racing_checkouts_of_one_buyer_hold_at_most_three(shop: Market) -> None:
    sold, _ = await shop.seller_variant(price=70_000, stock=50)
    buyer = Buyer(shop)
    await buyer.add(sold, 2)

    answers = await asyncio.gather(*(buyer.checkout(key=f"race-{uuid4()}") for _ in range(8)))

    statuses = [a.status_code for a in answers]
    wins = statuses.count(201)
    # three claims win the per-buyer lock; the other five are refused before reserving. (A
    # winner may still find the cart emptied by another winner: 422, its claim undone.)
    assert 1 <= wins <= LIMIT, [a.text for a in answers]
    assert statuses.count(409) >= 8 - LIMIT
    assert set(statuses) <= {201, 409, 422}
    assert await stock(shop, sold) == {
        "on_hand": 50,
        "reserved": 2 * wins,
        "available": 50 - 2 * wins,
    }
    assert await shop.count("payment", "payments") == wins


async def test_checking_out_again_every_35_minutes_never_holds_more_than_three(
    shop: Market,
) -> None:
    sold, _ = await shop.seller_variant(price=70_000, stock=12)
    hoarder, honest = Buyer(shop), Buyer(shop)
    minutes = timedelta(0)
    for cycle in range(3):
        for _ in range(LIMIT):
            await checked_out(shop, hoarder, (sold, 2, None))
        await _refused_fourth(shop, hoarder, sold)
        held = await stock(shop, sold)
        # three checkouts' worth, never more (plus the honest buyer's paid units, held to ship)
        assert held["reserved"] == 2 * LIMIT + cycle, cycle
        assert held["available"] == 12 - 2 * LIMIT - cycle
        # the rest of the stock stays buyable by others the whole time
        bought = await checked_out(shop, honest, (sold, 1, None))
        await paid(shop, bought)
        # 35 minutes later the unpaid reservations expire, and their orders with them
        minutes += timedelta(minutes=36)
        await expire_reservations(shop, after=minutes)
        await propagate(shop)
        # the refused line stayed in the cart: start the next cycle from an empty one
        assert (await shop.cart.delete("/api/cart", headers=hoarder.headers)).status_code < 300
    orders = (await shop.order.get("/api/orders", headers=hoarder.headers)).json()
    assert orders["total"] == 3 * LIMIT
    assert {o["status"] for o in orders["items"]} == {"expired"}
    assert await stock(shop, sold) == {"on_hand": 12, "reserved": 3, "available": 9}
