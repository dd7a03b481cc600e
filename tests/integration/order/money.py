"""Money and stock as the tests read them: through the services' routes, and their jobs run on a
moved clock (the real job functions, as ``lakoo worker`` runs them)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.integration.order.flows import Buyer, invoice_callback, propagate
from tests.integration.order.harness import ADMIN, STAFF, Market


async def stock(shop: Market, variant_id: object) -> dict[str, int]:
    """The variant's on_hand, reserved and available units."""
    response = await shop.warehouse.get(f"/api/warehouse/stock/{variant_id}", headers=STAFF)
    assert response.status_code == 200, response.text
    body = response.json()
    return {k: int(body[k]) for k in ("on_hand", "reserved", "available")}


async def payment(shop: Market, payment_id: str) -> dict[str, Any]:
    """The payment with its orders' shares (staff view)."""
    response = await shop.payment.get(f"/api/payments/{payment_id}", headers=ADMIN)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def refunds(shop: Market, payment_id: str) -> list[dict[str, Any]]:
    """The payment's refunds, oldest first."""
    response = await shop.payment.get(f"/api/payments/{payment_id}/refunds", headers=ADMIN)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


def share(payment_body: dict[str, Any], order_id: str) -> dict[str, Any]:
    """One order's share of a payment: its total and what was refunded on it."""
    return next(o for o in payment_body["orders"] if o["order_id"] == order_id)


async def expire_reservations(shop: Market, *, after: timedelta) -> int:
    """The warehouse's expiry job, run ``after`` from now."""
    from api.warehouse.jobs import expire_reservations as job

    settings = shop.apps["warehouse"].state.settings
    moved = settings.model_copy(update={"clock_offset_seconds": after.total_seconds()})
    return await job(shop.uows["warehouse"], moved)


async def ask_refunds(shop: Market, *, after: timedelta = timedelta(0)) -> int:
    """The order service's refunds job, run ``after`` from now; returns how many it opened."""
    from api.order.service.refunds import request_pending

    settings = shop.apps["order"].state.settings
    upstreams = shop.apps["order"].state.upstreams
    return await request_pending(shop.uows["order"], upstreams.payment, now=settings.now() + after)


async def pay_out_refunds(shop: Market) -> int:
    """The payment service's refund job (through the Xendit fake), then the saga's events."""
    from api.payment.jobs import process_refunds

    app = shop.apps["payment"]
    done = await process_refunds(shop.uows["payment"], app.state.settings, gateway=app.state.xendit)
    await propagate(shop)
    return done


async def refund_everything_owed(shop: Market) -> None:
    """Ask for what is owed, pay it out, and let the saga close the orders."""
    await ask_refunds(shop)
    await pay_out_refunds(shop)


async def checked_out(
    shop: Market, buyer: Buyer, *lines: tuple[object, int, object | None]
) -> dict[str, Any]:
    """``buyer`` carts ``lines`` (variant, quantity, brand) and checks out: the answer."""
    for variant, quantity, brand in lines:
        added = await buyer.add(variant, quantity, brand)  # type: ignore[arg-type]
        assert added.status_code == 201, added.text
    response = await buyer.checkout()
    assert response.status_code == 201, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def paid(shop: Market, answer: dict[str, Any]) -> None:
    """Xendit reports the checkout's invoice PAID, and the saga runs."""
    await invoice_callback(shop, answer["payment"]["invoice_id"], "PAID", answer["total"])
    await propagate(shop)
