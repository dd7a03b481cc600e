"""Bad input answers 4xx problem+json naming the field, and nothing is written."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest

from api.kit.auth import Role
from tests.integration.wallet.conftest import INTERNAL, Harness, debit_body, funded, key, row_counts
from tests.integration.wallet.test_holds import hold_body, place
from tests.support.services import as_user

TABLES = ("wallets", "transactions", "postings", "holds", "withdrawals", "outbox")


def _credit(**overrides: Any) -> dict[str, Any]:
    return {
        "user_id": str(uuid4()),
        "owner_type": "buyer",
        "amount": 1_000,
        "reason": "refund",
        "reference_type": "refund",
        "reference_id": "r-1",
        "idempotency_key": key(),
    } | overrides


CASES = [
    ("/internal/wallets/credits", _credit(amount=0), "amount"),
    ("/internal/wallets/credits", _credit(amount=-5), "amount"),
    ("/internal/wallets/credits", _credit(amount=12.5), "amount"),
    ("/internal/wallets/credits", _credit(amount="100"), "amount"),
    ("/internal/wallets/credits", _credit(amount=10**13), "amount"),
    ("/internal/wallets/credits", _credit(reason="gift"), "reason"),
    ("/internal/wallets/credits", _credit(owner_type="admin"), "owner_type"),
    ("/internal/wallets/credits", _credit(user_id="me"), "user_id"),
    ("/internal/wallets/credits", _credit(idempotency_key="short"), "idempotency_key"),
    ("/internal/wallets/credits", _credit(surprise=1), "surprise"),
    ("/internal/wallets/credits", _credit(reference_id="ref\x00"), "reference_id"),
    ("/internal/wallets/credits", _credit(idempotency_key="key-\x00-00000"), "idempotency_key"),
    ("/internal/wallets/debits", debit_body(uuid4(), 0), "amount"),
    ("/internal/wallets/debits", debit_body(uuid4(), -1), "amount"),
    ("/internal/wallets/debits", debit_body(uuid4(), 100) | {"reason": "withdrawal"}, "reason"),
    ("/internal/wallets/holds", hold_body(uuid4(), 0), "amount"),
    (
        "/internal/wallets/holds",
        hold_body(uuid4(), 100, expires_at="2020-01-01T00:00:00Z"),
        "expires_at",
    ),
    (
        "/internal/wallets/holds",
        hold_body(uuid4(), 100, expires_at="2099-01-01T00:00:00Z"),
        "expires_at",
    ),
    (
        "/internal/wallets/holds",
        hold_body(uuid4(), 100, expires_at="2099-01-01T00:00:00"),
        "expires_at",
    ),
]


@pytest.mark.parametrize(("path", "body", "field"), CASES)
async def test_internal_bad_input_is_422_naming_the_field_and_writes_nothing(
    harness: Harness, path: str, body: dict[str, Any], field: str
) -> None:
    response = await harness.client.post(path, json=body, headers=INTERNAL)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in {error["field"] for error in response.json()["errors"]}
    assert set((await row_counts(harness, *TABLES)).values()) == {0}


async def test_captures_and_owner_routes_refuse_bad_amounts_without_writing(
    harness: Harness,
) -> None:
    buyer = await funded(harness, 20_000)
    hold = await place(harness, buyer, 10_000)
    before = await row_counts(harness, *TABLES)
    url = f"/internal/wallets/holds/{hold['hold_id']}/capture"
    for amount, status in ((0, 422), (-1, 422), (10_001, 422)):
        response = await harness.client.post(
            url, json={"amount": amount, "idempotency_key": key()}, headers=INTERNAL
        )
        assert response.status_code == status, amount
        assert response.json()["errors"][0]["field"] == "amount"
    unknown = await harness.client.post(
        f"/internal/wallets/holds/{uuid4()}/capture",
        json={"idempotency_key": key()},
        headers=INTERNAL,
    )
    assert unknown.status_code == 404
    customer = as_user(Role.customer, buyer)
    for amount in (0, -10_000, 1.5):
        response = await harness.client.post(
            "/api/wallets/me/withdrawals",
            json={"amount": amount},
            headers={**customer, "Idempotency-Key": key()},
        )
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "amount"
    no_key = await harness.client.post(
        "/api/wallets/me/withdrawals", json={"amount": 20_000}, headers=customer
    )
    assert no_key.status_code == 422 and no_key.json()["errors"][0]["field"] == "Idempotency-Key"
    wallet_id = (await harness.client.get("/api/wallets/me", headers=customer)).json()["id"]
    for path, body in (
        (f"/api/wallets/{wallet_id}/promotions", {"amount": 0, "reason": "gift"}),
        (f"/api/wallets/{wallet_id}/promotions", {"amount": 100, "reason": ""}),
        (f"/api/wallets/{wallet_id}/adjustments", {"amount": -100, "reason": "fix"}),
        (
            f"/api/wallets/{wallet_id}/adjustments",
            {"amount": 100, "reason": "fix", "direction": "sideways"},
        ),
    ):
        response = await harness.client.post(
            path, json=body, headers={**as_user(Role.admin), "Idempotency-Key": key()}
        )
        assert response.status_code == 422, (path, body)
    assert await row_counts(harness, *TABLES) == before


async def test_out_of_range_paging_and_ids_are_4xx_not_5xx(harness: Harness) -> None:
    headers = as_user(Role.customer)
    for path in (
        "/api/wallets/me/transactions?page=0",
        "/api/wallets/me/transactions?page_size=1000",
        f"/api/wallets/me/transactions?page={2**70}",
        "/api/wallets/not-a-uuid",
        "/api/wallets/me?owner_type=admin",
        "/api/wallets/me/withdrawals/not-a-uuid",
    ):
        response = await harness.client.get(path, headers=headers)
        assert 400 <= response.status_code < 500, path
