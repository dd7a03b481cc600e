"""Internal hold routes for the order saga: hold, capture (full or partial, the rest back),
void, expire — each at most once; ``available`` = posted − held."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from api.wallet import jobs
from tests.integration.wallet.conftest import (
    CLEAN,
    INTERNAL,
    Harness,
    figures,
    funded,
    key,
    ledger_proof,
    now,
    row_counts,
)


def hold_body(user_id: UUID, amount: int, **overrides: Any) -> dict[str, Any]:
    return {
        "user_id": str(user_id),
        "owner_type": "buyer",
        "amount": amount,
        "reference_type": "checkout",
        "reference_id": key(),
        "expires_at": (now() + timedelta(minutes=35)).isoformat(),
        "idempotency_key": key(),
        **overrides,
    }


async def place(h: Harness, user_id: UUID, amount: int, **overrides: Any) -> dict[str, Any]:
    response = await h.client.post(
        "/internal/wallets/holds", json=hold_body(user_id, amount, **overrides), headers=INTERNAL
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_a_hold_moves_money_from_available_to_held_without_changing_the_balance(
    harness: Harness,
) -> None:
    buyer = await funded(harness, 100_000)
    hold = await place(harness, buyer, 30_000)
    assert (hold["status"], hold["amount"], hold["reference_type"]) == (
        "active",
        30_000,
        "checkout",
    )
    wallet = await figures(harness, buyer)
    assert (wallet["balance"], wallet["held"], wallet["available"]) == (100_000, 30_000, 70_000)
    assert await ledger_proof(harness) == CLEAN


async def test_a_partial_capture_takes_part_and_gives_the_rest_back_once(harness: Harness) -> None:
    buyer = await funded(harness, 100_000)
    hold = await place(harness, buyer, 30_000)
    capture_key = key()
    url = f"/internal/wallets/holds/{hold['hold_id']}/capture"
    first = await harness.client.post(
        url, json={"amount": 25_000, "idempotency_key": capture_key}, headers=INTERNAL
    )
    again = await harness.client.post(
        url, json={"amount": 25_000, "idempotency_key": capture_key}, headers=INTERNAL
    )
    second = await harness.client.post(url, json={"idempotency_key": key()}, headers=INTERNAL)
    void = await harness.client.post(
        f"/internal/wallets/holds/{hold['hold_id']}/void", headers=INTERNAL
    )
    assert (first.status_code, again.status_code, second.status_code, void.status_code) == (
        201,
        200,
        409,
        409,
    )
    assert first.json()["status"] == "captured"
    assert (first.json()["captured_amount"], first.json()["released_amount"]) == (25_000, 5_000)
    assert second.json()["type"].endswith("/hold-not-active")
    wallet = await figures(harness, buyer)
    assert (wallet["balance"], wallet["held"], wallet["available"]) == (75_000, 0, 75_000)
    checkout = await harness.scalar("SELECT balance FROM accounts WHERE code = 'platform:checkout'")
    assert checkout == 25_000
    assert await ledger_proof(harness) == CLEAN


async def test_a_void_gives_everything_back_and_a_repeat_answers_the_same(harness: Harness) -> None:
    buyer = await funded(harness, 50_000)
    hold = await place(harness, buyer, 50_000)
    url = f"/internal/wallets/holds/{hold['hold_id']}/void"
    first = await harness.client.post(url, headers=INTERNAL)
    again = await harness.client.post(url, headers=INTERNAL)
    capture = await harness.client.post(
        f"/internal/wallets/holds/{hold['hold_id']}/capture",
        json={"idempotency_key": key()},
        headers=INTERNAL,
    )
    assert (first.status_code, again.status_code, capture.status_code) == (201, 200, 409)
    assert first.json() == again.json()
    assert (await figures(harness, buyer))["available"] == 50_000
    assert (
        await harness.scalar(
            "SELECT count(*) FROM outbox WHERE event_type = 'wallet.hold_released'"
        )
        == 1
    )


async def test_promotional_credit_is_held_first_and_comes_back_where_it_was(
    harness: Harness,
) -> None:
    buyer = await funded(harness, 20_000)
    wallet_id = (await figures(harness, buyer))["id"]
    grant = await harness.client.post(
        f"/api/wallets/{wallet_id}/promotions",
        json={"amount": 15_000, "reason": "welcome voucher"},
        headers={
            **__import__("tests.integration.wallet.conftest", fromlist=["ADMIN"]).ADMIN,
            "Idempotency-Key": key(),
        },
    )
    assert grant.status_code == 201, grant.text
    hold = await place(harness, buyer, 25_000)
    assert hold["promotional_amount"] == 15_000
    wallet = await figures(harness, buyer)
    assert (wallet["withdrawable"], wallet["promotional"], wallet["held"]) == (10_000, 0, 25_000)
    capture = await harness.client.post(
        f"/internal/wallets/holds/{hold['hold_id']}/capture",
        json={"amount": 10_000, "idempotency_key": key()},
        headers=INTERNAL,
    )
    assert capture.status_code == 201
    # the 10,000 captured came from promotional credit; 5,000 of it and all the cash come back
    wallet = await figures(harness, buyer)
    assert (wallet["withdrawable"], wallet["promotional"], wallet["held"]) == (20_000, 5_000, 0)
    assert await ledger_proof(harness) == CLEAN


async def test_an_expired_hold_is_released_by_the_job_and_can_no_longer_be_captured(
    harness: Harness,
) -> None:
    buyer = await funded(harness, 40_000)
    hold = await place(
        harness, buyer, 40_000, expires_at=(now() + timedelta(seconds=60)).isoformat()
    )
    harness.settings.clock_offset_seconds = 120  # the app's clock, its writer's included
    later = harness.settings
    capture = await harness.client.post(
        f"/internal/wallets/holds/{hold['hold_id']}/capture",
        json={"idempotency_key": key()},
        headers=INTERNAL,
    )
    assert capture.status_code == 409 and capture.json()["type"].endswith("/hold-expired")
    assert await jobs.expire_holds(harness.uow_factory, later) == 1
    assert await jobs.expire_holds(harness.uow_factory, later) == 0
    read = await harness.client.get(f"/internal/wallets/holds/{hold['hold_id']}", headers=INTERNAL)
    assert read.json()["status"] == "expired"
    void = await harness.client.post(
        f"/internal/wallets/holds/{hold['hold_id']}/void", headers=INTERNAL
    )
    assert void.status_code == 409
    assert (await figures(harness, buyer))["available"] == 40_000
    assert await ledger_proof(harness) == CLEAN


async def test_a_hold_above_the_available_amount_is_409_and_writes_nothing(
    harness: Harness,
) -> None:
    buyer = await funded(harness, 10_000)
    await place(harness, buyer, 6_000)
    before = await row_counts(harness, "holds", "transactions", "postings", "outbox")
    response = await harness.client.post(
        "/internal/wallets/holds", json=hold_body(buyer, 4_001), headers=INTERNAL
    )
    assert response.status_code == 409 and response.json()["available"] == 4_000
    assert await row_counts(harness, "holds", "transactions", "postings", "outbox") == before
