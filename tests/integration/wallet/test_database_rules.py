"""The ledger's rules hold in the database itself, whatever a client of it does: unbalanced
transactions fail at commit, postings and transactions never change, user accounts never go
below zero, a settled hold never changes again."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.integration.wallet.conftest import Harness, debit, funded, key


async def _write(h: Harness, *statements: tuple[str, dict[str, Any]]) -> None:
    async with h.uow_factory() as uow:
        for query, params in statements:
            await uow.session.execute(text(query), params)
        await uow.commit()


async def _accounts(h: Harness, user_id: UUID) -> dict[str, UUID]:
    rows = await h.sql(
        "SELECT a.kind, a.id FROM accounts a JOIN wallets w ON w.id = a.wallet_id"
        " WHERE w.user_id = :u",
        u=user_id,
    )
    return {kind: account for kind, account in rows}


_TRANSACTION = (
    "INSERT INTO transactions (id, number, idempotency_key, request_hash, type, reason,"
    " wallet_id, amount, held_change, balance_after, available_after, withdrawable_after,"
    " reference_type, reference_id, created_at) VALUES (:id, :n, :k, 'h', 'credit',"
    " 'adjustment', :w, 0, 0, 0, 0, 0, 'test', 'test', now())"
)


def _by_hand(wallet_id: UUID, legs: list[tuple[UUID, int]]) -> tuple[str, dict[str, Any]]:
    """One statement writing a transaction and its ``legs`` (as the engine does), by hand."""
    transaction_id = uuid4()
    params: dict[str, Any] = {
        "id": transaction_id,
        "n": f"WTX-TEST-{transaction_id.hex[:8]}",
        "k": key(),
        "w": wallet_id,
    }
    values = []
    for i, (account, amount) in enumerate(legs):
        params |= {f"a{i}": account, f"m{i}": amount}
        values.append(f"(CAST(:a{i} AS uuid), CAST(:m{i} AS bigint))")
    if not values:
        return _TRANSACTION, params
    return (
        f"WITH t AS ({_TRANSACTION} RETURNING id) INSERT INTO postings"
        " (transaction_id, account_id, amount, balance_after, created_at)"
        f" SELECT t.id, v.a, v.m, 0, now() FROM t, (VALUES {', '.join(values)}) AS v(a, m)",
        params,
    )


async def test_only_balanced_transactions_written_with_their_legs_are_accepted(
    harness: Harness,
) -> None:
    user_id = await funded(harness, 1_000)
    accounts = await _accounts(harness, user_id)
    wallet_id = await harness.scalar("SELECT id FROM wallets WHERE user_id = :u", u=user_id)
    available, promotional = accounts["available"], accounts["promotional"]
    await _write(harness, _by_hand(wallet_id, [(available, 300), (promotional, -300)]))
    for legs, refusal in (
        ([(available, 500), (promotional, -400)], "unbalanced"),
        ([(available, 500)], "unbalanced"),
        ([], "has no postings"),
    ):
        with pytest.raises(DBAPIError, match=refusal):
            await _write(harness, _by_hand(wallet_id, legs))
    # legs written apart from their transaction, or added to one later: refused too
    apart = _by_hand(wallet_id, [])
    with pytest.raises(DBAPIError, match="has no postings"):
        await _write(harness, apart)
    existing = await harness.scalar("SELECT id FROM transactions ORDER BY created_at LIMIT 1")
    pair = (
        "INSERT INTO postings (transaction_id, account_id, amount, balance_after, created_at)"
        " VALUES (:t, :a, 100, 0, now()), (:t, :b, -100, 0, now())"
    )
    with pytest.raises(DBAPIError, match="not written together"):
        await _write(harness, (pair, {"t": existing, "a": available, "b": promotional}))
    assert await harness.scalar("SELECT count(*) FROM transactions") == 2


async def test_postings_and_transactions_cannot_be_changed_or_deleted(harness: Harness) -> None:
    await funded(harness, 1_000)
    for statement in (
        "UPDATE postings SET amount = amount * 2",
        "DELETE FROM postings",
        "TRUNCATE postings CASCADE",
        "UPDATE transactions SET amount = 1",
        "DELETE FROM transactions",
    ):
        with pytest.raises(DBAPIError, match="immutable"):
            await _write(harness, (statement, {}))
    assert await harness.scalar("SELECT sum(abs(amount)) FROM postings") == 2_000


async def test_a_user_account_cannot_go_below_zero_even_written_by_hand(harness: Harness) -> None:
    user_id = await funded(harness, 1_000)
    with pytest.raises(DBAPIError, match="ck_accounts_user_not_negative"):
        await _write(
            harness,
            (
                "UPDATE accounts SET balance = -1 WHERE id = :a",
                {"a": (await _accounts(harness, user_id))["available"]},
            ),
        )


async def test_a_settled_hold_never_changes_again(harness: Harness) -> None:
    from tests.integration.wallet.test_holds import place

    user_id = await funded(harness, 10_000)
    hold = await place(harness, user_id, 4_000)
    void = await harness.client.post(
        f"/internal/wallets/holds/{hold['hold_id']}/void",
        headers={"x-internal-api-key": harness.settings.internal_api_key.get_secret_value()},
    )
    assert void.status_code == 201
    for statement in (
        "UPDATE holds SET status = 'active', settle_transaction_id = NULL",
        "UPDATE holds SET captured_amount = 1",
        "DELETE FROM holds",
    ):
        with pytest.raises(DBAPIError, match="already voided|immutable"):
            await _write(harness, (statement, {}))
    assert await harness.scalar("SELECT status FROM holds") == "voided"


async def test_the_engine_never_posts_a_debit_the_check_would_refuse(harness: Harness) -> None:
    seller = await funded(harness, 1_000, owner_type="seller")
    assert (await debit(harness, seller, 1_000)).status_code == 201
    assert (await debit(harness, seller, 1)).status_code == 409
