"""Paying with the wallet at checkout: the REAL wallet service beside the checkout marketplace.

``wallet_amount`` is held in the buyer's wallet, the invoice asks for the rest (none when the
wallet covers it all), the hold is captured when the checkout is paid and voided when it never
will be, and refunds of the wallet's share go back to the wallet.
"""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import text

from api.order.models import Checkout
from tests.integration.order.fakes import shipping_cost
from tests.integration.order.flows import SAGA_ROUTES, Buyer, invoice_callback, propagate
from tests.integration.order.harness import INTERNAL, Market
from tests.integration.order.money import ask_refunds, pay_out_refunds, refunds
from tests.integration.order.test_checkout_saga import order_side_rows

# the saga's routes plus the wallet's subscription to refunds (method wallet credits it)
ROUTES = (*SAGA_ROUTES, ("payment", "wallet"))
PRICE = 70_000
TOTAL = PRICE + shipping_cost(250)  # one 250 g item, the fake logistic's cheapest rate


async def fund(shop: Market, user_id: UUID, amount: int) -> None:
    response = await shop.wallet.post(
        "/internal/wallets/credits",
        json={
            "user_id": str(user_id),
            "owner_type": "buyer",
            "amount": amount,
            "reason": "refund",
            "reference_type": "test",
            "reference_id": "funds",
            "idempotency_key": uuid4().hex,
        },
        headers=INTERNAL,
    )
    assert response.status_code == 201, response.text


async def wallet(shop: Market, user_id: UUID) -> dict[str, int]:
    response = await shop.wallet.get(f"/internal/wallets/users/{user_id}", headers=INTERNAL)
    assert response.status_code == 200, response.text
    return {k: int(response.json()[k]) for k in ("balance", "held", "available")}


async def hold_of(shop: Market, checkout_id: str) -> dict[str, Any]:
    async with shop.uows["order"]() as uow:
        checkout = await uow.session.get_one(Checkout, UUID(checkout_id))
        status, hold_id = checkout.wallet_hold_status, checkout.wallet_hold_id
    assert hold_id is not None
    response = await shop.wallet.get(f"/internal/wallets/holds/{hold_id}", headers=INTERNAL)
    assert response.status_code == 200, response.text
    return {"order_side": status, **response.json()}


async def settle_holds(shop: Market) -> int:
    """The order service's wallet-holds job, as ``lakoo worker order`` runs it."""
    from api.order.service.wallet_share import settle_due

    app = shop.apps["order"]
    return await settle_due(
        shop.uows["order"], app.state.upstreams.wallet, now=app.state.settings.now()
    )


async def checkout_with_wallet(
    shop: Market, buyer: Buyer, variant: UUID, wallet_amount: Any, key: str | None = None
) -> Any:
    return await buyer.checkout(
        key, {"address_id": str(buyer.address_id), "wallet_amount": wallet_amount}
    )


async def carted(shop: Market, *, funds: int, stock: int = 5) -> tuple[Buyer, UUID]:
    sold, _ = await shop.seller_variant(price=PRICE, stock=stock)
    buyer = Buyer(shop)
    await fund(shop, buyer.id, funds)
    added = await buyer.add(sold, 1)
    assert added.status_code == 201, added.text
    return buyer, sold


async def test_part_wallet_part_invoice_cancelled_then_paid_late(wallet_shop: Market) -> None:
    shop = wallet_shop
    buyer, sold = await carted(shop, funds=100_000)

    response = await checkout_with_wallet(shop, buyer, sold, 30_000)

    assert response.status_code == 201, response.text
    answer = response.json()
    assert (answer["total"], answer["wallet_amount"]) == (TOTAL, 30_000)
    invoice_id = answer["payment"]["invoice_id"]
    assert shop.xendit["invoice_amounts"][invoice_id] == TOTAL - 30_000  # the invoice: the rest
    assert await wallet(shop, buyer.id) == {"balance": 100_000, "held": 30_000, "available": 70_000}

    order_id = answer["orders"][0]["id"]
    cancelled = await shop.order.post(f"/api/orders/{order_id}/cancel", headers=buyer.headers)
    assert cancelled.status_code == 200, cancelled.text
    await propagate(shop, ROUTES)
    assert await settle_holds(shop) == 1

    hold = await hold_of(shop, answer["id"])
    assert (hold["order_side"], hold["status"]) == ("voided", "voided")
    assert await wallet(shop, buyer.id) == {"balance": 100_000, "held": 0, "available": 100_000}

    # the buyer pays the (still open) invoice anyway: its money is refunded, the wallet untouched
    await invoice_callback(shop, invoice_id, "PAID", TOTAL - 30_000)
    await propagate(shop, ROUTES)
    assert await ask_refunds(shop) == 1
    await pay_out_refunds(shop)
    await propagate(shop, ROUTES)

    paid_back = await refunds(shop, answer["payment"]["id"])
    assert [(r["method"], r["amount"], r["status"]) for r in paid_back] == [
        ("original_payment", TOTAL - 30_000, "completed")
    ]
    assert shop.xendit["refunded"] == [(invoice_id, TOTAL - 30_000)]
    assert await wallet(shop, buyer.id) == {"balance": 100_000, "held": 0, "available": 100_000}
    assert await shop.available(sold) == 5


async def test_part_wallet_part_invoice_paid_then_cancelled_refunds_both(
    wallet_shop: Market,
) -> None:
    shop = wallet_shop
    buyer, sold = await carted(shop, funds=100_000)
    answer = (await checkout_with_wallet(shop, buyer, sold, 30_000)).json()
    await invoice_callback(shop, answer["payment"]["invoice_id"], "PAID", TOTAL - 30_000)
    await propagate(shop, ROUTES)
    assert await settle_holds(shop) == 1

    order_id = answer["orders"][0]["id"]
    assert (await buyer.order(order_id))["status"] == "paid"
    assert (await hold_of(shop, answer["id"]))["status"] == "captured"
    assert await wallet(shop, buyer.id) == {"balance": 70_000, "held": 0, "available": 70_000}

    cancelled = await shop.order.post(f"/api/orders/{order_id}/cancel", headers=buyer.headers)
    assert cancelled.status_code == 200, cancelled.text
    await propagate(shop, ROUTES)
    await ask_refunds(shop)
    await pay_out_refunds(shop)
    await propagate(shop, ROUTES)

    paid_back = await refunds(shop, answer["payment"]["id"])
    assert sorted((r["method"], r["amount"], r["status"]) for r in paid_back) == [
        ("original_payment", TOTAL - 30_000, "completed"),
        ("wallet", 30_000, "completed"),
    ]
    assert shop.xendit["refunded"] == [(answer["payment"]["invoice_id"], TOTAL - 30_000)]
    assert await wallet(shop, buyer.id) == {"balance": 100_000, "held": 0, "available": 100_000}
    assert (await buyer.order(order_id))["refund_status"] == "completed"


async def test_wallet_covering_the_total_pays_at_once_without_an_invoice(
    wallet_shop: Market,
) -> None:
    shop = wallet_shop
    buyer, sold = await carted(shop, funds=TOTAL + 5_000)

    response = await checkout_with_wallet(shop, buyer, sold, TOTAL)

    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["payment"]["invoice_id"] is None
    assert answer["payment"]["status"] == "paid"
    assert "invoices" not in shop.xendit  # no invoice was asked of Xendit
    # the saga captured the hold at once
    assert (await hold_of(shop, answer["id"]))["status"] == "captured"
    assert await wallet(shop, buyer.id) == {"balance": 5_000, "held": 0, "available": 5_000}
    await propagate(shop, ROUTES)
    order = await buyer.order(answer["orders"][0]["id"])
    assert order["status"] == "paid"
    assert await shop.available(sold) == 4


async def test_wallet_amount_above_available_is_refused_and_writes_nothing(
    wallet_shop: Market,
) -> None:
    shop = wallet_shop
    buyer, sold = await carted(shop, funds=20_000)
    before = await order_side_rows(shop)

    response = await checkout_with_wallet(shop, buyer, sold, 20_001)

    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "wallet_amount"
    assert await order_side_rows(shop) == before
    assert await shop.count("wallet", "holds") == 0
    assert await shop.count("payment", "payments") == 0
    assert await shop.available(sold) == 5
    assert await wallet(shop, buyer.id) == {"balance": 20_000, "held": 0, "available": 20_000}


async def test_wallet_amount_above_the_total_is_refused_and_writes_nothing(
    wallet_shop: Market,
) -> None:
    shop = wallet_shop
    buyer, sold = await carted(shop, funds=TOTAL * 2)
    before = await order_side_rows(shop)

    response = await checkout_with_wallet(shop, buyer, sold, TOTAL + 1)

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "wallet_amount"
    assert await order_side_rows(shop) == before
    assert await shop.count("wallet", "holds") == 0
    assert await shop.available(sold) == 5


@pytest.mark.parametrize("bad", [0, -5_000, 1.5, "10000"])
async def test_zero_negative_or_non_integer_wallet_amount_is_refused(
    wallet_shop: Market, bad: Any
) -> None:
    shop = wallet_shop
    buyer, sold = await carted(shop, funds=100_000)
    before = await order_side_rows(shop)

    response = await checkout_with_wallet(shop, buyer, sold, bad)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["wallet_amount"]
    assert await order_side_rows(shop) == before
    assert await shop.count("wallet", "holds") == 0
    assert await shop.available(sold) == 5


async def test_concurrent_checkouts_cannot_spend_the_same_balance_twice(
    wallet_shop: Market,
) -> None:
    shop = wallet_shop
    buyer, sold = await carted(shop, funds=60_000, stock=10)

    answers = await asyncio.gather(
        *(checkout_with_wallet(shop, buyer, sold, 50_000) for _ in range(3))
    )

    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201, 409, 409], [a.text for a in answers]
    for refused in (a for a in answers if a.status_code == 409):
        assert refused.json()["errors"][0]["field"] == "wallet_amount"
    assert await wallet(shop, buyer.id) == {"balance": 60_000, "held": 50_000, "available": 10_000}
    assert await shop.count("wallet", "holds") == 1
    assert await shop.count("order", "orders") == 1
    assert await shop.available(sold) == 9


async def test_failed_payment_voids_the_hold_and_releases_the_stock(wallet_shop: Market) -> None:
    shop = wallet_shop
    buyer, sold = await carted(shop, funds=100_000)
    shop.xendit["fail"] = True
    before = await order_side_rows(shop)

    response = await checkout_with_wallet(shop, buyer, sold, 30_000)

    assert response.status_code == 503, response.text
    assert await order_side_rows(shop) == before
    assert await wallet(shop, buyer.id) == {"balance": 100_000, "held": 0, "available": 100_000}
    async with shop.uows["wallet"]() as uow:
        statuses = list(await uow.session.scalars(text("SELECT status FROM holds")))
    assert statuses == ["voided"]
    assert await shop.available(sold) == 5


async def test_refused_reservation_voids_the_hold(wallet_shop: Market) -> None:
    shop = wallet_shop
    buyer, sold = await carted(shop, funds=100_000, stock=1)
    rival = Buyer(shop)
    await rival.add(sold, 1)
    assert (await rival.checkout()).status_code == 201  # the last unit goes to the rival

    response = await checkout_with_wallet(shop, buyer, sold, 30_000)

    assert response.status_code == 409, response.text
    assert response.json()["errors"][0]["field"] == "variant_id"
    assert await wallet(shop, buyer.id) == {"balance": 100_000, "held": 0, "available": 100_000}
    assert await shop.count("wallet", "holds", "status = 'voided'") == 1
