"""Sellers' calls: opening a real shop (application, KTP, verification, payout account), the
wallet and its withdrawals, promotional credit, the dashboard."""

from __future__ import annotations

import asyncio
import time
from typing import Any
from uuid import uuid4

from lakoo.simulate.http import Gateway, User

# what an applicant uploads as its KTP: the seller service accepts a file by its first bytes
KTP_SCAN = b"%PDF-1.4\n% a scanned KTP\n" + b"0" * 200


class SellerCalls(Gateway):
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
