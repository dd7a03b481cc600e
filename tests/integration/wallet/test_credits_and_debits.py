"""``/internal/wallets/credits`` and ``/debits``: balanced postings, cached balances, idempotency,
409 ``insufficient-balance`` with nothing written."""

from __future__ import annotations

from uuid import uuid4

from tests.integration.wallet.conftest import (
    CLEAN,
    Harness,
    credit,
    debit,
    figures,
    funded,
    key,
    ledger_proof,
    row_counts,
)


async def test_a_credit_posts_two_balanced_legs_and_moves_the_cached_balance(
    harness: Harness,
) -> None:
    user_id = uuid4()
    response = await credit(harness, user_id, 75_000, owner_type="seller", reason="settlement")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["number"].startswith("WTX-")
    assert (body["type"], body["reason"], body["amount"], body["balance_after"]) == (
        "credit",
        "settlement",
        75_000,
        75_000,
    )
    legs = await harness.sql(
        "SELECT a.code, p.amount, p.balance_after FROM postings p JOIN accounts a"
        " ON a.id = p.account_id WHERE p.transaction_id = :t ORDER BY p.amount",
        t=body["id"],
    )
    assert [(code.split(":")[-1], amount) for code, amount, _ in legs] == [
        ("settlements", -75_000),
        ("available", 75_000),
    ]
    wallet = await figures(harness, user_id, "seller")
    assert (wallet["balance"], wallet["available"], wallet["held"]) == (75_000, 75_000, 0)
    assert await ledger_proof(harness) == CLEAN
    events = await harness.sql("SELECT event_type, payload FROM outbox")
    assert [(e, p["balance_before"], p["balance_after"]) for e, p in events] == [
        ("wallet.credited", 0, 75_000)
    ]


async def test_an_ad_debit_moves_money_to_platform_ad_revenue(harness: Harness) -> None:
    seller = await funded(harness, 50_000, owner_type="seller")
    response = await debit(harness, seller, 20_000)
    assert response.status_code == 201, response.text
    assert (response.json()["amount"], response.json()["balance_after"]) == (-20_000, 30_000)
    revenue = await harness.scalar(
        "SELECT balance FROM accounts WHERE code = 'platform:ad_revenue'"
    )
    assert revenue == 20_000
    assert await ledger_proof(harness) == CLEAN


async def test_the_same_key_and_body_answers_the_first_transaction_and_another_body_409(
    harness: Harness,
) -> None:
    seller = await funded(harness, 50_000, owner_type="seller")
    same = key()
    first = await debit(harness, seller, 10_000, idempotency_key=same)
    again = await debit(harness, seller, 10_000, idempotency_key=same)
    other = await debit(harness, seller, 11_000, idempotency_key=same)
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 409)
    assert again.json() == first.json()
    assert other.json()["type"].endswith("/idempotency-key-reused")
    assert (await figures(harness, seller, "seller"))["balance"] == 40_000


async def test_a_debit_above_the_balance_is_409_and_writes_nothing(harness: Harness) -> None:
    seller = await funded(harness, 5_000, owner_type="seller")
    before = await row_counts(harness, "transactions", "postings", "outbox")
    response = await debit(harness, seller, 5_001)
    assert response.status_code == 409
    assert response.json()["type"].endswith("/insufficient-balance")
    assert response.json()["available"] == 5_000
    assert await row_counts(harness, "transactions", "postings", "outbox") == before
    stranger = await debit(harness, uuid4(), 1)  # no wallet at all: nothing is opened either
    assert stranger.status_code == 409
    assert await row_counts(harness, "wallets") == {"wallets": 1}
