"""Steps the checkout tests share: a buyer carting, checking out, paying."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import httpx

from api.kit.auth import Role
from api.kit.settings import CommonSettings
from tests.integration.order.harness import Market
from tests.support.services import as_user


class Buyer:
    """A signed-in customer with an address."""

    def __init__(self, shop: Market) -> None:
        self.shop = shop
        self.id = uuid4()
        self.headers = as_user(Role.customer, self.id)
        self.address_id = shop.address_for(self.id)

    async def add(
        self, variant_id: UUID, quantity: int = 1, brand_id: UUID | None = None
    ) -> httpx.Response:
        body: dict[str, Any] = {"variant_id": str(variant_id), "quantity": quantity}
        if brand_id:
            body["brand_id"] = str(brand_id)
        return await self.shop.cart.post("/api/cart/items", json=body, headers=self.headers)

    async def cart(self) -> dict[str, Any]:
        response = await self.shop.cart.get("/api/cart", headers=self.headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def checkout(
        self, key: str | None = None, body: dict[str, Any] | None = None
    ) -> httpx.Response:
        return await self.shop.order.post(
            "/api/checkout",
            json=body if body is not None else {"address_id": str(self.address_id)},
            headers={**self.headers, "Idempotency-Key": key or f"key-{uuid4().hex}"},
        )

    async def order(self, order_id: str) -> dict[str, Any]:
        response = await self.shop.order.get(f"/api/orders/{order_id}", headers=self.headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


async def invoice_callback(shop: Market, invoice_id: str, status: str, amount: int) -> None:
    """Xendit tells the payment service an invoice was PAID or EXPIRED (webhook)."""
    token = shop.apps["payment"].state.settings.xendit_callback_token.get_secret_value()
    body: dict[str, Any] = {"id": invoice_id, "status": status, "amount": amount}
    if status == "PAID":
        body |= {"paid_amount": amount, "fees_paid_amount": 4_500, "payment_method": "EWALLET"}
        body |= {"payment_channel": "OVO", "paid_at": "2026-11-24T03:00:00Z"}
    response = await shop.payment.post(
        "/webhooks/xendit/invoice", json=body, headers={"x-callback-token": token}
    )
    assert response.status_code == 200, response.text


# The saga's subscriptions, source → consumer, in the order the tests deliver them by default.
SAGA_ROUTES = (
    ("payment", "order"),
    ("payment", "warehouse"),
    ("order", "warehouse"),
    ("warehouse", "order"),
)


async def propagate(shop: Market, routes: tuple[tuple[str, str], ...] = SAGA_ROUTES) -> None:
    """Deliver every pending event along ``routes`` until nothing new happens, as the workers
    would (each event once per consumer: the inbox drops what was delivered before)."""
    while sum([await shop.deliver(source, target) for source, target in routes]):
        pass


__all__ = ["Buyer", "CommonSettings", "invoice_callback", "propagate"]
