"""Bank accounts validated by name through the wallet and the Xendit sandbox; payouts recorded
from ``settlement.completed``; the weekly auto-payout withdrawing through the wallet."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from api.events import SettlementCompleted
from api.seller import consumers as seller_consumers
from api.seller import jobs
from api.wallet import consumers as wallet_consumers
from tests.integration.seller.conftest import Platform, seller_headers, verified
from tests.integration.seller.conftest import deliver as deliver_event

BANK = {"bank_code": "BCA", "account_number": "1234567890", "account_holder_name": "Budi Santoso"}


def settlement(seller_id: UUID, payout: int, **overrides: Any) -> SettlementCompleted:
    fields: dict[str, Any] = {
        "settlement_id": uuid4(),
        "settlement_number": "STL-20261124-7K2QX",
        "seller_id": seller_id,
        "period_start": date(2026, 11, 16),
        "period_end": date(2026, 11, 22),
        "gross": payout,
        "refunds": 0,
        "gateway_fees": 0,
        "commission": 0,
        "carried_over_in": 0,
        "net": payout,
        "payout": payout,
        "carried_over_out": 0,
        "currency": "IDR",
        "line_count": 2,
        "completed_at": datetime.now(UTC),
    }
    return SettlementCompleted(**(fields | overrides))


async def deliver(
    p: Platform, service: str, payload: SettlementCompleted, event_id: Any = None
) -> bool:
    handlers = {"seller": seller_consumers.HANDLERS, "wallet": wallet_consumers.HANDLERS}[service]
    return await deliver_event(p, service, handlers, payload, payload.seller_id, event_id)


async def put_bank(p: Platform, user_id: UUID, **changes: str) -> dict[str, Any]:
    response = await p.seller.put(
        "/api/sellers/me/bank-account", json=BANK | changes, headers=seller_headers(user_id)
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_a_first_account_is_validated_and_usable_at_once(p: Platform) -> None:
    user_id = await verified(p)
    answer = await put_bank(p, user_id)
    assert answer["status"] == "validated"
    assert answer["account_number_last4"] == "7890"
    assert answer["withdrawals_blocked_until"] is None
    mine = await p.seller.get("/api/sellers/me/bank-account", headers=seller_headers(user_id))
    assert mine.json()["bank_code"] == "BCA"
    (event,) = await p.events("seller.bank_account_changed", user_id)
    assert event["status"] == "validated" and "1234567890" not in str(event)
    # validating the same account again changes and announces nothing
    await put_bank(p, user_id)
    assert len(await p.events("seller.bank_account_changed", user_id)) == 1


async def test_a_replacement_blocks_withdrawals_for_a_day(p: Platform) -> None:
    user_id = await verified(p)
    await put_bank(p, user_id)
    replaced = await put_bank(p, user_id, bank_code="BNI", account_number="0987654321")
    assert replaced["status"] == "validated"
    blocked_until = datetime.fromisoformat(replaced["withdrawals_blocked_until"])
    hours = (blocked_until - datetime.now(UTC)).total_seconds() / 3600
    assert 23.5 < hours <= 24


async def test_a_name_mismatch_replaces_nothing(p: Platform) -> None:
    user_id = await verified(p)
    await put_bank(p, user_id)
    await p.sandbox.put(
        "/sandbox/bank-accounts/MANDIRI/1234567890123",
        json={"account_holder_name": "Siti Aminah"},
    )
    answer = await put_bank(
        p,
        user_id,
        bank_code="MANDIRI",
        account_number="1234567890123",
        account_holder_name="Siti Aminah",
    )
    assert answer["status"] == "name_mismatch"
    mine = await p.seller.get("/api/sellers/me/bank-account", headers=seller_headers(user_id))
    assert mine.json()["bank_code"] == "BCA"  # the validated account stays
    statuses = [e["status"] for e in await p.events("seller.bank_account_changed", user_id)]
    assert statuses == ["validated", "name_mismatch"]


async def test_a_settlement_records_one_payout_however_often_it_arrives(p: Platform) -> None:
    user_id = await verified(p)
    await put_bank(p, user_id)
    week = settlement(user_id, 750_000)
    assert await deliver(p, "seller", week)
    # redelivered under its own id: the inbox; re-announced under a new id: the settlement key
    event_id = uuid4()
    assert await deliver(p, "seller", week, event_id=event_id)
    assert not await deliver(p, "seller", week, event_id=event_id)
    payouts = await p.seller.get("/api/sellers/me/payouts", headers=seller_headers(user_id))
    (payout,) = payouts.json()["items"]
    assert payout["amount"] == 750_000 and payout["scheduled_for"] is not None
    (scheduled,) = await p.events("seller.payout_scheduled", user_id)
    assert scheduled["amount"] == 750_000 and scheduled["account_number_last4"] == "7890"


async def test_a_week_without_payout_schedules_nothing(p: Platform) -> None:
    user_id = await verified(p)
    await put_bank(p, user_id)
    await deliver(p, "seller", settlement(user_id, 0, net=30_000, carried_over_out=30_000))
    payouts = await p.seller.get("/api/sellers/me/payouts", headers=seller_headers(user_id))
    assert payouts.json()["items"][0]["carried_over_out"] == 30_000
    assert await p.events("seller.payout_scheduled", user_id) == []


def _settings(p: Platform) -> Any:
    # due from Monday 00:00 WIB: the run is due whenever the test runs
    return p.seller_app.state.settings.model_copy(
        update={"auto_payout_weekday": 0, "auto_payout_hour": 0}
    )


async def test_the_weekly_auto_payout_withdraws_the_balance_once(p: Platform) -> None:
    user_id = await verified(p)
    await put_bank(p, user_id)
    await p.relay("wallet", wallet_consumers.HANDLERS)  # the wallet learns the seller is active
    week = settlement(user_id, 820_000)
    await deliver(p, "wallet", week)
    await deliver(p, "seller", week)
    upstreams = p.seller_app.state.upstreams
    uows = p.uows["seller"]
    assert await jobs.auto_payout(uows, _settings(p), upstreams=upstreams) >= 1
    assert await jobs.auto_payout(uows, _settings(p), upstreams=upstreams) == 0
    withdrawals = await p.sql(
        "wallet", "SELECT amount, status FROM withdrawals WHERE user_id = :id", id=user_id
    )
    assert withdrawals == [(820_000, "requested")]
    run = await p.sql(
        "seller", "SELECT status, amount FROM auto_payouts WHERE seller_id = :id", id=user_id
    )
    assert run == [("requested", 820_000)]
    figures = await p.seller.get("/api/sellers/me/dashboard", headers=seller_headers(user_id))
    assert figures.json()["wallet_available"] == 0
    assert figures.json()["wallet_balance"] == 820_000  # held until the bank confirms


async def test_auto_payout_skips_sellers_who_turned_it_off_and_records_refusals(
    p: Platform,
) -> None:
    off, poor = await verified(p), await verified(p)
    for user_id in (off, poor):
        await put_bank(p, user_id)
    await p.relay("wallet", wallet_consumers.HANDLERS)
    await p.seller.patch(
        "/api/sellers/me", json={"auto_payout": False}, headers=seller_headers(off)
    )
    await deliver(p, "wallet", settlement(off, 500_000))
    await jobs.auto_payout(p.uows["seller"], _settings(p), upstreams=p.seller_app.state.upstreams)
    assert await p.sql("seller", "SELECT 1 FROM auto_payouts WHERE seller_id = :id", id=off) == []
    assert (
        await p.scalar("wallet", "SELECT count(*) FROM withdrawals WHERE user_id = :id", id=off)
        == 0
    )
    (run,) = await p.sql(
        "seller", "SELECT status, detail FROM auto_payouts WHERE seller_id = :id", id=poor
    )
    assert run[0] == "nothing_to_withdraw"
