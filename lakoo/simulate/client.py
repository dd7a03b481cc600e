"""A client of the platform as its users see it: the gateway and the two provider sandboxes.

The simulator, the end-to-end tests and the checkout benchmark all drive LAKOO through this one
module, so they speak exactly the public contract of DESIGN §6 and nothing else: no database,
no internal route, no trusted header. The calls are grouped by part of the platform: accounts
(:mod:`lakoo.simulate.http`), sellers' shops and money (:mod:`lakoo.simulate.client_sellers`), ads
(:mod:`lakoo.simulate.client_ads`), and here the catalogue, checkout and the sandboxes.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any
from uuid import uuid4

import httpx

from lakoo.simulate.client_ads import AdCalls
from lakoo.simulate.client_sellers import KTP_SCAN, SellerCalls
from lakoo.simulate.http import PASSWORD, ApiError, Endpoints, User, expect

__all__ = ["KTP_SCAN", "PASSWORD", "ApiError", "Endpoints", "Platform", "User", "expect"]


class Platform(SellerCalls, AdCalls):
    """Async calls to the gateway and the sandboxes, one shared connection pool."""

    # --- catalogue and stock -----------------------------------------------------------------

    async def create_product(self, user: User, body: dict[str, Any]) -> dict[str, Any]:
        return dict(await self.call("POST", "/api/products", user, 201, json=body))

    async def product(self, product_id: str) -> dict[str, Any]:
        return dict(await self.call("GET", f"/api/products/{product_id}", None, 200))

    async def search(self, q: str = "", **params: Any) -> dict[str, Any]:
        query = {"q": q, **params} if q else params
        return dict(await self.call("GET", "/api/products", None, 200, params=query))

    async def brands(self) -> list[dict[str, Any]]:
        page = await self.call("GET", "/api/brands", None, 200, params={"page_size": 50})
        return list(page["items"])

    async def assign_brand(self, admin: User, brand_id: str, manager: User) -> dict[str, Any]:
        """The admin makes ``manager`` (a brand_manager) the manager of a house brand."""
        path, body = f"/api/brands/{brand_id}/manager", {"manager_user_id": manager.id}
        return dict(await self.call("PUT", path, admin, 200, json=body))

    async def set_brand_price(
        self, user: User, brand_id: str, variant_id: str, price: int
    ) -> dict[str, Any]:
        path = f"/api/brands/{brand_id}/products/{variant_id}"
        return dict(await self.call("PUT", path, user, 200, json={"price": price}))

    async def adjust_stock(
        self,
        user: User,
        variant_id: str,
        change: int,
        *,
        reason: str = "stock count",
        wait: float = 30.0,
    ) -> dict[str, Any]:
        """Stock a variant; waits while the warehouse has not learnt it yet (product.created)."""
        body = {"variant_id": variant_id, "quantity_change": change, "reason": reason}
        deadline = time.monotonic() + wait
        while True:
            response = await self.http.post(
                self.url("/api/warehouse/stock-adjustments"), headers=user.headers, json=body
            )
            # 404/422: the variant's product.created has not reached the warehouse yet
            if response.status_code in (404, 422) and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
                continue
            return dict(expect(response, 201))

    # --- cart, address, checkout --------------------------------------------------------------

    async def add_to_cart(
        self, user: User, variant_id: str, quantity: int = 1, brand_id: str | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"variant_id": variant_id, "quantity": quantity}
        if brand_id:
            body["brand_id"] = brand_id
        return dict(await self.call("POST", "/api/cart/items", user, 200, 201, json=body))

    async def cart(self, user: User) -> dict[str, Any]:
        return dict(await self.call("GET", "/api/cart", user, 200))

    async def regions(self, q: str) -> list[dict[str, Any]]:
        page = await self.call("GET", "/api/regions/search", None, 200, params={"q": q})
        return list(page["items"])

    async def add_address(self, user: User, region: dict[str, Any], **extra: Any) -> dict[str, Any]:
        body = {
            "recipient_name": extra.pop("recipient_name", "Siti Rahma"),
            "phone": extra.pop("phone", "081234567890"),
            "street": extra.pop("street", "Jl. Medan Merdeka Barat No. 1"),
            "village_code": region["village_code"],
            "postal_code": region["postal_code"],
            **extra,
        }
        return dict(await self.call("POST", "/api/addresses", user, 201, json=body))

    async def checkout(self, user: User, address_id: str, key: str | None = None) -> httpx.Response:
        """``POST /api/checkout``; the raw answer (201, or a 409 the caller inspects)."""
        return await self.http.post(
            self.url("/api/checkout"),
            headers={**user.headers, "Idempotency-Key": key or f"co-{uuid4().hex}"},
            json={"address_id": address_id},
        )

    async def order(self, user: User, order_id: str) -> dict[str, Any]:
        return dict(await self.call("GET", f"/api/orders/{order_id}", user, 200))

    async def order_action(
        self, user: User, order_id: str, action: str, body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """``POST /api/orders/{id}/<action>`` (cancel, accept, complete, returns, ...)."""
        path = f"/api/orders/{order_id}/{action}"
        return dict(await self.call("POST", path, user, 200, 201, json=body or {}))

    async def wait_for_status(
        self, user: User, order_id: str, *statuses: str, timeout: float = 30.0
    ) -> dict[str, Any]:
        """Poll the order until its status is one of ``statuses``."""
        deadline = time.monotonic() + timeout
        while True:
            order = await self.order(user, order_id)
            if order["status"] in statuses:
                return order
            if time.monotonic() > deadline:
                raise TimeoutError(f"order {order_id} is {order['status']}, not {statuses}")
            await asyncio.sleep(0.1)

    # --- the sandboxes ------------------------------------------------------------------------

    async def pay(self, invoice_id: str, method: str = "BANK_TRANSFER") -> dict[str, Any]:
        """The shopper pays the invoice in the Xendit sandbox (its callback follows)."""
        url = f"{self.endpoints.xendit}/sandbox/invoices/{invoice_id}/pay"
        return dict(expect(await self.http.post(url, json={"payment_method": method}), 200))

    async def courier_orders(self, reference_id: str | None = None) -> list[dict[str, Any]]:
        """The Biteship sandbox's orders (the courier's view), optionally for one LAKOO order."""
        params = {"reference_id": reference_id} if reference_id else {}
        url = f"{self.endpoints.biteship}/sandbox/orders"
        return list(expect(await self.http.get(url, params=params), 200)["items"])

    async def advance(self, courier_order_id: str, status: str | None = None) -> dict[str, Any]:
        """The courier moves a parcel to its next status (the sandbox sends the webhook)."""
        url = f"{self.endpoints.biteship}/sandbox/orders/{courier_order_id}/advance"
        body = {"status": status} if status else {}
        return dict(expect(await self.http.post(url, json=body), 200))

    async def deliver(self, order_id: str, timeout: float = 30.0) -> str:
        """Wait for the order's courier booking, then advance it to delivered."""
        deadline = time.monotonic() + timeout
        while not (found := await self.courier_orders(order_id)):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no courier booking for order {order_id}")
            await asyncio.sleep(0.2)
        courier_order = found[0]
        while courier_order["status"] != "delivered":
            courier_order = {**courier_order, **await self.advance(courier_order["id"])}
        return str(courier_order["id"])
