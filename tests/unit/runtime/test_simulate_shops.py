"""The simulator's client opens a shop through the seller service, as a real seller would."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from lakoo.simulate.client import KTP_SCAN, Platform, User

GAMBIR = {"village_code": "31.71.01.1001", "postal_code": "10110", "village": "GAMBIR"}
SELLER_ID = "0b9f6e1a-3a59-4c2e-9d1b-2f5a8c7d6e01"


def _platform(handler: Any) -> Platform:
    platform = Platform()
    platform.http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return platform


async def test_a_shop_opens_through_the_seller_service_as_a_seller_would() -> None:
    seen: list[tuple[str, str, Any]] = []
    logins = iter(["customer", "seller"])  # the role shows in a token a moment later

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        body: Any = request.content
        if request.headers.get("content-type", "").startswith("application/json"):
            body = json.loads(request.content)
        seen.append((request.method, path, body))
        if path == "/api/auth/login":
            return httpx.Response(200, json={"access_token": f"t-{len(seen)}"})
        if path == "/api/auth/me":
            return httpx.Response(200, json={"id": SELLER_ID, "role": next(logins)})
        if path == "/api/sellers":
            return httpx.Response(201, json={"id": SELLER_ID, "status": "pending"})
        if path == "/api/sellers/me/documents":
            return httpx.Response(201, json={"kind": "ktp"})
        if path == f"/api/sellers/{SELLER_ID}/verify":
            return httpx.Response(200, json={"id": SELLER_ID, "status": "active"})
        if path == "/api/sellers/me/bank-account":
            return httpx.Response(200, json={"status": "validated", "bank_code": "BCA"})
        return httpx.Response(404)

    applicant = User(id=SELLER_ID, email="laras@example.id", role="customer")
    admin = User(id="admin", email="admin@lakoo.id", role="admin", headers={"A": "admin"})
    async with _platform(handler) as platform:
        seller, shop = await platform.open_shop(
            admin,
            applicant,
            shop_name="Toko Batik Laras",
            legal_name="Laras Sulistyowati",
            region=GAMBIR,
            account_number="1234567890",
        )

    assert seller.role == "seller" and shop["status"] == "active"
    calls = [(method, path) for method, path, _ in seen]
    assert calls == [
        ("POST", "/api/sellers"),
        ("POST", "/api/sellers/me/documents"),
        ("POST", f"/api/sellers/{SELLER_ID}/verify"),
        ("POST", "/api/auth/login"),
        ("GET", "/api/auth/me"),
        ("POST", "/api/auth/login"),  # signed in again until the token carries the role
        ("GET", "/api/auth/me"),
        ("PUT", "/api/sellers/me/bank-account"),
    ]
    application = seen[0][2]
    assert application["shop_name"] == "Toko Batik Laras"
    assert application["pickup_address"]["village_code"] == GAMBIR["village_code"]
    assert application["pickup_address"]["postal_code"] == "10110"
    assert KTP_SCAN in seen[1][2] and b'name="kind"' in seen[1][2]
    assert seen[-1][2] == {
        "bank_code": "BCA",
        "account_number": "1234567890",
        "account_holder_name": "Laras Sulistyowati",  # the shop's legal name
    }


async def test_a_shop_whose_account_is_refused_does_not_open() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/api/auth/login":
            return httpx.Response(200, json={"access_token": "t"})
        if path == "/api/auth/me":
            return httpx.Response(200, json={"id": SELLER_ID, "role": "seller"})
        if path == "/api/sellers/me/bank-account":
            return httpx.Response(200, json={"status": "name_mismatch", "bank_code": "BCA"})
        status = 201 if request.method == "POST" and "verify" not in path else 200
        return httpx.Response(status, json={"id": SELLER_ID, "status": "active"})

    applicant = User(id=SELLER_ID, email="ratna@example.id", role="customer")
    async with _platform(handler) as platform:
        with pytest.raises(RuntimeError, match="name_mismatch"):
            await platform.open_shop(
                applicant, applicant, shop_name="Toko Kecil Ratna", legal_name="R", region=GAMBIR
            )
