"""Debits racing on real PostgreSQL: never below zero, never twice, never a deadlock — through one
app (its group-commit writers) and through two apps on the same database (two processes' worth
of writers locking the same rows)."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from api.kit.auth import Role
from api.wallet import app as wallet_app
from tests.integration.wallet.conftest import (
    CLEAN,
    INTERNAL,
    Harness,
    debit,
    debit_body,
    figures,
    funded,
    key,
    ledger_proof,
)
from tests.support.services import app_client, as_user


async def test_500_concurrent_debits_on_a_wallet_worth_100_of_them_exactly_100_succeed(
    harness: Harness,
) -> None:
    seller = await funded(harness, 100 * 1_000, owner_type="seller")

    responses = await asyncio.gather(*(debit(harness, seller, 1_000) for _ in range(500)))

    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 100, 409: 400}, [r.text for r in responses if r.status_code >= 500]
    wallet = await figures(harness, seller, "seller")
    assert (wallet["balance"], wallet["available"]) == (0, 0)
    assert await harness.scalar("SELECT count(*) FROM transactions WHERE type = 'debit'") == 100
    assert (
        await harness.scalar("SELECT balance FROM accounts WHERE code = 'platform:ad_revenue'")
        == 100_000
    )
    assert await ledger_proof(harness) == CLEAN
    # the writers really batched: far fewer transactions than requests reached the database
    assert harness.app.state.ledger.batches < 500


async def test_one_debit_retried_10_times_at_once_has_one_effect(harness: Harness) -> None:
    seller = await funded(harness, 50_000, owner_type="seller")
    body = debit_body(seller, 7_000, idempotency_key=key())

    responses = await asyncio.gather(
        *(
            harness.client.post("/internal/wallets/debits", json=body, headers=INTERNAL)
            for _ in range(10)
        )
    )

    assert Counter(r.status_code for r in responses) == {201: 1, 200: 9}
    assert len({r.json()["id"] for r in responses}) == 1
    assert (await figures(harness, seller, "seller"))["balance"] == 43_000
    assert (
        await harness.scalar("SELECT count(*) FROM outbox WHERE event_type = 'wallet.debited'") == 1
    )


async def test_two_wallet_processes_racing_one_key_and_one_balance_agree(
    harness: Harness, wallet_db: str
) -> None:
    seller = await funded(harness, 30 * 1_000, owner_type="seller")
    settings = wallet_app.get_settings().model_copy(update={"database_url": wallet_db})
    other = wallet_app.create_app(settings=settings)
    async with app_client(other) as second:
        clients = (harness.client, second)
        body = debit_body(seller, 5_000, idempotency_key=key())
        same_key = [
            clients[i % 2].post("/internal/wallets/debits", json=body, headers=INTERNAL)
            for i in range(10)
        ]
        many = [
            clients[i % 2].post(
                "/internal/wallets/debits", json=debit_body(seller, 1_000), headers=INTERNAL
            )
            for i in range(60)
        ]
        responses: list[httpx.Response] = await asyncio.gather(*same_key, *many)

    keyed, rest = responses[:10], responses[10:]
    assert {r.status_code for r in keyed} <= {200, 201, 409}, [r.text for r in keyed]
    assert len({r.json()["id"] for r in keyed if r.status_code in (200, 201)}) == 1
    # a request that met the other process mid-commit is told to retry, and its retry replays
    for r in keyed:
        if r.status_code == 409:
            assert r.json()["type"].endswith("/idempotency-key-in-use")
    assert Counter(r.status_code for r in rest) == {201: 25, 409: 35}
    assert (await figures(harness, seller, "seller"))["balance"] == 0
    assert await ledger_proof(harness) == CLEAN


async def test_concurrent_first_visits_open_one_wallet(harness: Harness) -> None:
    headers = as_user(Role.seller)
    responses = await asyncio.gather(
        *(harness.client.get("/api/wallets/me", headers=headers) for _ in range(20))
    )
    assert {r.status_code for r in responses} == {200}
    assert len({r.json()["id"] for r in responses}) == 1
    assert await harness.scalar("SELECT count(*) FROM accounts WHERE kind <> 'platform'") == 3
