"""Bad input answers a 4xx problem naming the field, and nothing is written (seller_db, and the
wallet's payout accounts for bank accounts)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.seller.conftest import (
    ADMIN,
    PDF,
    Platform,
    application,
    applied,
    registered_user,
    upload,
    verified,
)
from tests.support.services import as_user


def _fields(response: Any) -> set[str]:
    return {e["field"] for e in response.json().get("errors") or []}


def _pickup(**changes: Any) -> dict[str, Any]:
    body = application()
    body["pickup_address"] = body["pickup_address"] | changes
    return body


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (application(shop_name="ab"), "shop_name"),
        (application(business_type="cooperative"), "business_type"),
        (application(legal_name=""), "legal_name"),
        (application(legal_name="Budi\x00"), "legal_name"),
        (application(extra="x"), "extra"),
        (_pickup(postal_code="1011"), "pickup_address.postal_code"),
        # the address service's own checks, named as the seller's body names them
        (_pickup(postal_code="10120"), "pickup_address.postal_code"),
        (_pickup(village_code="99.99.99.9999"), "pickup_address.village_code"),
        (_pickup(phone="12345678"), "pickup_address.phone"),
    ],
)
async def test_bad_applications(p: Platform, body: dict[str, Any], field: str) -> None:
    user_id = await registered_user(p)
    before = await p.counts()
    response = await p.seller.post("/api/sellers", json=body, headers=as_user(user_id=user_id))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in _fields(response)
    assert await p.counts() == before


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("passport", PDF, "kind"),
        ("ktp", b"just some text, not a scan", "file"),
        ("ktp", b"", "file"),
        ("ktp", b"%PDF-" + b"0" * (5 * 1024 * 1024), "file"),
    ],
)
async def test_bad_documents(p: Platform, kind: str, data: bytes, field: str) -> None:
    user_id = await applied(p)
    before = await p.counts()
    response = await upload(p, user_id, kind, data)
    assert response.status_code == 422, response.text
    assert field in _fields(response)
    assert await p.counts() == before
    assert not list((p.seller_app.state.settings.documents_root / "sellers").glob("**/*.*"))


async def test_a_document_without_a_file_names_the_file(p: Platform) -> None:
    user_id = await applied(p)
    response = await p.seller.post(
        "/api/sellers/me/documents", data={"kind": "ktp"}, headers=as_user(user_id=user_id)
    )
    assert response.status_code == 422
    assert "file" in _fields(response)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"bank_code": "NOPE"}, "bank_code"),
        ({"account_number": "12345"}, "account_number"),  # BCA numbers have 10 digits
        ({"account_number": "12345678ab"}, "account_number"),
        ({"account_holder_name": ""}, "account_holder_name"),
    ],
)
async def test_bad_bank_accounts(p: Platform, changes: dict[str, Any], field: str) -> None:
    user_id = await verified(p)
    before = await p.counts()
    body = {
        "bank_code": "BCA",
        "account_number": "1234567890",
        "account_holder_name": "Budi Santoso",
    } | changes
    response = await p.seller.put(
        "/api/sellers/me/bank-account", json=body, headers=as_user(user_id=user_id)
    )
    assert response.status_code == 422, response.text
    assert field in _fields(response)
    assert await p.counts() == before
    accounts = await p.scalar(
        "wallet", "SELECT count(*) FROM payout_accounts WHERE user_id = :id", id=user_id
    )
    assert accounts == 0


@pytest.mark.parametrize("rate", [-1, 10_001, "250", 2.5, True])
async def test_bad_commission_rates(p: Platform, rate: Any) -> None:
    user_id = await applied(p)
    assert (await upload(p, user_id, "ktp")).status_code == 201
    before = await p.counts()
    response = await p.seller.post(
        f"/api/sellers/{user_id}/verify", json={"commission_rate_bps": rate}, headers=ADMIN
    )
    assert response.status_code == 422
    assert "commission_rate_bps" in _fields(response)
    assert await p.counts() == before
    assert await p.scalar("auth", "SELECT role FROM users WHERE id = :id", id=user_id) == (
        "customer"
    )


async def test_a_rejection_needs_a_reason(p: Platform) -> None:
    user_id = await applied(p)
    before = await p.counts()
    response = await p.seller.post(f"/api/sellers/{user_id}/reject", json={}, headers=ADMIN)
    assert response.status_code == 422
    assert "reason" in _fields(response)
    assert await p.counts() == before
