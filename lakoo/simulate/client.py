"""A client of the platform as its users see it: the gateway and the two provider sandboxes.

The simulator, the end-to-end tests and the checkout benchmark all drive LAKOO through this one
module, so they speak exactly the public contract of DESIGN §6 and nothing else: no database,
no internal route, no trusted header.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

import httpx

PASSWORD = "batik-parang-2026"
# what an applicant uploads as its KTP: the seller service accepts a file by its first bytes
KTP_SCAN = b"%PDF-1.4\n% a scanned KTP\n" + b"0" * 200


class ApiError(RuntimeError):
    """An answer other than the one the caller expected (status and problem+json kept)."""

    def __init__(self, response: httpx.Response) -> None:
        self.status = response.status_code
        self.body = response.text
        super().__init__(
            f"{response.request.method} {response.request.url.path}: "
            f"{response.status_code} {response.text[:300]}"
        )


def expect(response: httpx.Response, *statuses: int) -> Any:
    """The JSON body of ``response`` if its status is one of ``statuses`` (default 2xx)."""
    ok = response.status_code in statuses if statuses else response.is_success
    if not ok:
        raise ApiError(response)
    return response.json() if response.content else None


@dataclass(frozen=True)
class Endpoints:
    """Where the platform listens (``lakoo up`` defaults, or a test's free ports)."""

    gateway: str = "http://127.0.0.1:3000"
    xendit: str = "http://127.0.0.1:3090"
    biteship: str = "http://127.0.0.1:3091"


@dataclass
class User:
    """A signed-in account: its id, role and bearer headers."""

    id: str
    email: str
    role: str
    headers: dict[str, str] = field(default_factory=dict)


class Platform:
    """Async calls to the gateway and the sandboxes, one shared connection pool."""

    def __init__(self, endpoints: Endpoints | None = None, *, timeout: float = 30.0) -> None:
        self.endpoints = endpoints or Endpoints()
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=100)
        self.http = httpx.AsyncClient(timeout=timeout, limits=limits)

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> Platform:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def url(self, path: str) -> str:
        return f"{self.endpoints.gateway}{path}"

    async def call(
        self, method: str, path: str, user: User | None = None, *statuses: int, **kwargs: Any
    ) -> Any:
        """One gateway call; raises :class:`ApiError` unless the status is expected."""
        headers = {**(user.headers if user else {}), **kwargs.pop("headers", {})}
        response = await self.http.request(method, self.url(path), headers=headers, **kwargs)
        return expect(response, *statuses)

    # --- accounts ----------------------------------------------------------------------------

    async def register(self, email: str | None = None, *, full_name: str = "Siti Rahma") -> User:
        """Sign up and log in a new customer."""
        email = email or f"user.{uuid4().hex[:10]}@example.id"
        body = {"email": email, "password": PASSWORD, "full_name": full_name}
        await self.call("POST", "/api/auth/register", None, 201, json=body)
        return await self.login(email)

    async def login(self, email: str, password: str = PASSWORD) -> User:
        """Log in; the token carries the account's current role."""
        tokens = await self.call(
            "POST", "/api/auth/login", None, 200, json={"email": email, "password": password}
        )
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        me = await self.call("GET", "/api/auth/me", None, 200, headers=headers)
        return User(id=me["id"], email=email, role=me["role"], headers=headers)

    async def promote(self, admin: User, user: User, role: str) -> User:
        """The admin gives ``user`` a role; ``user`` logs in again to carry it."""
        await self.call("PUT", f"/api/auth/users/{user.id}/role", admin, 200, json={"role": role})
        return await self.login(user.email)

    async def login_as(self, email: str, role: str, *, timeout: float = 30.0) -> User:
        """Log in until the token carries ``role`` (a role given elsewhere may take a moment)."""
        deadline = time.monotonic() + timeout
        while (user := await self.login(email)).role != role:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{email} is still {user.role}, not {role}")
            await asyncio.sleep(0.2)
        return user

    # --- sellers' shops and their money -------------------------------------------------------

    async def apply_to_sell(
        self,
        user: User,
        *,
        shop_name: str,
        legal_name: str,
        region: dict[str, Any],
        business_type: str = "individual",
        street: str = "Jl. Kebon Sirih No. 12",
        phone: str = "081298765432",
    ) -> dict[str, Any]:
        """``POST /api/sellers``: the application (``pending``), its pickup address checked by
        the address service; ``region`` is one of :meth:`regions` (a real village)."""
        body = {
            "shop_name": shop_name,
            "business_type": business_type,
            "legal_name": legal_name,
            "pickup_address": {
                "recipient_name": legal_name,
                "phone": phone,
                "street": street,
                "village_code": region["village_code"],
                "postal_code": region["postal_code"],
            },
        }
        return dict(await self.call("POST", "/api/sellers", user, 201, json=body))

    async def upload_document(
        self, user: User, kind: str, data: bytes, filename: str = "document.pdf"
    ) -> dict[str, Any]:
        """``POST /api/sellers/me/documents`` (multipart ``kind`` + ``file``)."""
        files = {"file": (filename, data, "application/octet-stream")}
        path = "/api/sellers/me/documents"
        return dict(await self.call("POST", path, user, 201, data={"kind": kind}, files=files))

    async def verify_seller(
        self, admin: User, seller_id: str, *, commission_rate_bps: int = 0
    ) -> dict[str, Any]:
        """The admin verifies a pending shop (``active``; auth makes its user a seller)."""
        body = {"commission_rate_bps": commission_rate_bps}
        return dict(
            await self.call("POST", f"/api/sellers/{seller_id}/verify", admin, 200, json=body)
        )

    async def set_bank_account(
        self, user: User, *, bank_code: str, account_number: str, holder: str
    ) -> dict[str, Any]:
        """``PUT /api/sellers/me/bank-account``: validated by name at the bank (the sandbox)."""
        body = {
            "bank_code": bank_code,
            "account_number": account_number,
            "account_holder_name": holder,
        }
        return dict(await self.call("PUT", "/api/sellers/me/bank-account", user, 200, json=body))

    async def open_shop(
        self,
        admin: User,
        user: User,
        *,
        shop_name: str,
        legal_name: str,
        region: dict[str, Any],
        bank_code: str = "BCA",
        account_number: str | None = None,
    ) -> tuple[User, dict[str, Any]]:
        """A customer becomes a real seller: applies, uploads a KTP, is verified by the admin,
        signs in again as a seller and registers a payout account (validated by name, usable at
        once as it is the first). The seller signed in, and the shop."""
        await self.apply_to_sell(user, shop_name=shop_name, legal_name=legal_name, region=region)
        await self.upload_document(user, "ktp", KTP_SCAN, "ktp.pdf")
        shop = await self.verify_seller(admin, user.id)
        if shop["status"] != "active":
            raise RuntimeError(f"{shop_name} is {shop['status']} after verification")
        seller = await self.login_as(user.email, "seller")
        account = await self.set_bank_account(
            seller,
            bank_code=bank_code,
            account_number=account_number or f"{uuid4().int % 10**10:010d}",
            holder=legal_name,
        )
        if account["status"] != "validated":
            raise RuntimeError(f"{shop_name}'s bank account: {account['status']}")
        return seller, shop

    async def wallet(self, user: User, owner_type: str | None = None) -> dict[str, Any]:
        """``GET /api/wallets/me`` (a seller's seller wallet unless ``owner_type`` says)."""
        params = {"owner_type": owner_type} if owner_type else {}
        return dict(await self.call("GET", "/api/wallets/me", user, 200, params=params))

    async def withdraw(self, user: User, amount: int, key: str | None = None) -> dict[str, Any]:
        """``POST /api/wallets/me/withdrawals``: ``requested`` (the provider is called after)."""
        headers = {"Idempotency-Key": key or f"wd-{uuid4().hex}"}
        path, body = "/api/wallets/me/withdrawals", {"amount": amount}
        return dict(await self.call("POST", path, user, 200, 201, json=body, headers=headers))

    async def withdrawal(self, user: User, withdrawal_id: str) -> dict[str, Any]:
        path = f"/api/wallets/me/withdrawals/{withdrawal_id}"
        return dict(await self.call("GET", path, user, 200))

    async def wait_for_withdrawal(
        self, user: User, withdrawal_id: str, *, timeout: float = 60.0
    ) -> dict[str, Any]:
        """Poll a withdrawal until the bank has settled it (``completed`` or ``failed``)."""
        deadline = time.monotonic() + timeout
        while (found := await self.withdrawal(user, withdrawal_id))["status"] not in (
            "completed",
            "failed",
        ):
            if time.monotonic() > deadline:
                raise TimeoutError(f"withdrawal {found['number']} is still {found['status']}")
            await asyncio.sleep(0.3)
        return found

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

    # --- ads --------------------------------------------------------------------------------

    async def create_campaign(
        self, seller: User, body: dict[str, Any], *, wait: float = 60.0
    ) -> dict[str, Any]:
        """``POST /api/ads/campaigns``; waits while the ad service has not learnt the seller's
        verification or the product yet (403 / 422 on ``product_ids``: events on their way)."""
        deadline = time.monotonic() + wait
        while True:
            response = await self.http.post(
                self.url("/api/ads/campaigns"), headers=seller.headers, json=body
            )
            learning = response.status_code == 403 or (
                response.status_code == 422 and "product_ids" in response.text
            )
            if learning and time.monotonic() < deadline:
                await asyncio.sleep(0.5)
                continue
            return dict(expect(response, 201))

    async def review_campaign(
        self, admin: User, campaign_id: str, *, approve: bool, reason: str = ""
    ) -> dict[str, Any]:
        """The admin approves a campaign under review, or rejects it with a reason."""
        if approve:
            path, body = f"/api/ads/campaigns/{campaign_id}/approve", {}
        else:
            path, body = f"/api/ads/campaigns/{campaign_id}/reject", {"reason": reason}
        return dict(await self.call("POST", path, admin, 200, json=body))

    async def campaigns(self, user: User, **params: Any) -> dict[str, Any]:
        return dict(await self.call("GET", "/api/ads/campaigns", user, 200, params=params))

    async def campaign_performance(self, user: User, campaign_id: str) -> dict[str, Any]:
        path = f"/api/ads/campaigns/{campaign_id}/performance"
        return dict(await self.call("GET", path, user, 200))

    async def placements(
        self, q: str, *, user: User | None = None, ip: str | None = None, limit: int = 3
    ) -> list[dict[str, Any]]:
        """Sponsored search results for ``q`` (each one an impression recorded)."""
        headers = {"X-Forwarded-For": ip} if ip else {}
        page = await self.call(
            "GET",
            "/api/ads/placements",
            user,
            200,
            params={"placement": "search", "q": q, "limit": limit},
            headers=headers,
        )
        return list(page["items"])

    async def click_ad(
        self, impression_id: str, *, user: User | None = None, ip: str | None = None
    ) -> dict[str, Any]:
        """``POST /api/ads/clicks``: ``{click_id, billable, flag_reason, target}``."""
        headers = {"X-Forwarded-For": ip} if ip else {}
        body = {"impression_id": impression_id}
        return dict(
            await self.call("POST", "/api/ads/clicks", user, 201, json=body, headers=headers)
        )

    async def grant_promotion(
        self, admin: User, wallet_id: str, amount: int, reason: str, *, key: str
    ) -> dict[str, Any]:
        """The admin grants promotional credit (spendable, never withdrawable)."""
        return dict(
            await self.call(
                "POST",
                f"/api/wallets/{wallet_id}/promotions",
                admin,
                200,
                201,
                json={"amount": amount, "reason": reason},
                headers={"Idempotency-Key": key},
            )
        )

    async def dashboard(self, seller: User) -> dict[str, Any]:
        return dict(await self.call("GET", "/api/sellers/me/dashboard", seller, 200))

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
