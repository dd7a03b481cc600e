"""After payment: seller acceptance deadline, shipment, delivery, auto-completion, returns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from api.kit.auth import Role
from api.order.service import lifecycle
from tests.integration.order.flows import Buyer, invoice_callback, propagate
from tests.integration.order.harness import Market
from tests.integration.order.shipments import deliver, ship
from tests.support.services import as_user


async def paid_order(shop: Market, *, seller: bool) -> tuple[Buyer, dict[str, Any]]:
    if seller:
        variant, _ = await shop.seller_variant(price=70_000, stock=5)
        brand = None
    else:
        variant, brand = await shop.house_variant(price=50_000, brand_price=60_000, stock=5)
    buyer = Buyer(shop)
    await buyer.add(variant, 1, brand)
    answer = (await buyer.checkout()).json()
    await invoice_callback(shop, answer["payment"]["invoice_id"], "PAID", answer["total"])
    await propagate(shop)
    return buyer, answer["orders"][0]


async def test_seller_order_not_accepted_within_24_hours_is_cancelled_with_refund_owed(
    shop: Market,
) -> None:
    buyer, order = await paid_order(shop, seller=True)
    later = datetime.now(UTC) + timedelta(hours=24, minutes=1)

    async with shop.uows["order"]() as uow:
        cancelled = await lifecycle.cancel_unaccepted(uow, now=later, limit=10)
        await uow.commit()

    assert [str(o.id) for o in cancelled] == [order["id"]]
    view = await buyer.order(order["id"])
    assert view["status"] == "cancelled"
    assert view["refund_status"] == "pending"


async def test_seller_accepts_then_courier_ships_and_delivers_then_order_auto_completes(
    shop: Market,
) -> None:
    buyer, order = await paid_order(shop, seller=True)
    seller = as_user(Role.seller, UUID(order["seller_id"]))
    accepted = await shop.order.post(f"/api/orders/{order['id']}/accept", headers=seller)
    assert accepted.status_code == 200, accepted.text
    shipment = await ship(shop, order["id"])
    delivered_at = datetime.now(UTC)
    await deliver(shop, order["id"], shipment, at=delivered_at)

    async with shop.uows["order"]() as uow:
        early = await lifecycle.complete_delivered(
            uow, now=delivered_at + timedelta(days=6), limit=10
        )
        late = await lifecycle.complete_delivered(
            uow, now=delivered_at + timedelta(days=7, seconds=1), limit=10
        )
        await uow.commit()

    assert (len(early), len(late)) == (0, 1)
    view = await buyer.order(order["id"])
    assert [h["status"] for h in view["status_history"]] == [
        "pending_payment",
        "paid",
        "processing",
        "shipped",
        "delivered",
        "completed",
    ]
    assert await shop.count("order", "outbox", "event_type = 'order.completed'") == 1


async def test_a_delivery_reported_before_its_pick_up_still_delivers_the_order_once(
    shop: Market,
) -> None:
    """The courier's webhooks race: ``delivered`` reaches the order before ``picked_up`` (or the
    pick-up is never reported). The order is shipped and delivered by the delivery, once."""
    buyer, order = await paid_order(shop, seller=True)
    shipment = uuid4()
    delivered_at = datetime.now(UTC)

    await deliver(shop, order["id"], shipment, at=delivered_at)
    await ship(shop, order["id"], at=delivered_at - timedelta(hours=5))  # the late pick-up

    view = await buyer.order(order["id"])
    assert view["status"] == "delivered"
    assert [h["status"] for h in view["status_history"]] == [
        "pending_payment",
        "paid",
        "processing",
        "shipped",
        "delivered",
    ]
    for event_type in ("order.shipped", "order.delivered"):
        assert (
            await shop.count(
                "order", "outbox", f"event_type = '{event_type}' AND aggregate_id = '{order['id']}'"
            )
            == 1
        )


async def test_return_within_the_window_is_requested_and_received_with_a_refund(
    shop: Market,
) -> None:
    buyer, order = await paid_order(shop, seller=False)
    shipment = await ship(shop, order["id"])
    await deliver(shop, order["id"], shipment, at=datetime.now(UTC))

    requested = await shop.order.post(
        f"/api/orders/{order['id']}/returns",
        json={"reason": "wrong size"},
        headers=buyer.headers,
    )
    received = await shop.order.post(
        f"/api/orders/{order['id']}/returns/receive",
        headers=as_user(Role.support_agent),
    )

    assert requested.status_code == 201, requested.text
    assert requested.json()["number"].startswith("RET-")
    assert received.status_code == 200, received.text
    view = await buyer.order(order["id"])
    assert view["status"] == "returned"
    assert view["refund_status"] == "requested"


async def test_illegal_transitions_answer_409(shop: Market) -> None:
    buyer, order = await paid_order(shop, seller=False)

    completed = await shop.order.post(f"/api/orders/{order['id']}/complete", headers=buyer.headers)
    returned = await shop.order.post(
        f"/api/orders/{order['id']}/returns", json={"reason": "changed mind"}, headers=buyer.headers
    )

    for response in (completed, returned):
        assert response.status_code == 409, response.text
        assert response.json()["current_status"] == "processing"
    assert (await buyer.order(order["id"]))["status"] == "processing"
