"""Daily charges: idempotent per campaign and WIB day, capped by the budgets, a wallet debit and
``ad.charged`` that agree to the rupiah; a short wallet leaves the charge outstanding and pauses
the campaign until the next credit collects it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from api.events.wallet import WalletCredited
from tests.integration.advertisement.conftest import INTERNAL, Ads


async def _push(ads: Ads, campaign_id: str, day: date, amount: int, **extra: Any) -> Any:
    return await ads.client.post(
        "/internal/charges",
        headers=INTERNAL,
        json={
            "campaign_id": campaign_id,
            "charge_date": day.isoformat(),
            "amount": amount,
            **extra,
        },
    )


def _credited(seller_id: UUID, amount: int) -> WalletCredited:
    return WalletCredited(
        wallet_id=uuid4(),
        user_id=seller_id,
        owner_type="seller",
        transaction_id=uuid4(),
        transaction_number="WTX-1",
        amount=amount,
        currency="IDR",
        reference_type="test",
        reference_id="top-up",
        idempotency_key=uuid4().hex,
        occurred_at=datetime.now(UTC),
        balance_before=0,
        balance_after=amount,
        reason="adjustment",
    )


async def test_a_charge_debits_the_wallet_once_and_a_repush_is_idempotent(ads: Ads) -> None:
    seller = await ads.seller()
    campaign = await ads.campaign(seller, await ads.product(seller))
    await ads.credit(seller, 100_000)
    first = await _push(ads, campaign["id"], date(2026, 3, 2), 12_500, billable_clicks=25)
    assert first.status_code == 201, first.text
    assert first.json()["status"] == "charged"
    again = await _push(ads, campaign["id"], date(2026, 3, 2), 12_500, billable_clicks=25)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert await ads.available(seller) == 100_000 - 12_500
    (charged,) = await ads.events("ad.charged", campaign["id"])
    assert charged["amount"] == 12_500
    assert charged["wallet_transaction_id"] == first.json()["wallet_transaction_id"]
    different = await _push(ads, campaign["id"], date(2026, 3, 2), 13_000)
    assert different.status_code == 409
    assert await ads.available(seller) == 100_000 - 12_500


async def test_a_charge_above_the_daily_budget_or_the_total_left_is_refused(ads: Ads) -> None:
    seller = await ads.seller()
    campaign = await ads.campaign(
        seller, await ads.product(seller), daily_budget=30_000, total_budget=50_000
    )
    await ads.credit(seller, 200_000)
    before = await ads.counts()
    above_daily = await _push(ads, campaign["id"], date(2026, 3, 2), 30_001)
    assert above_daily.status_code == 422
    assert above_daily.json()["errors"][0]["field"] == "amount"
    assert await ads.counts() == before
    assert (await _push(ads, campaign["id"], date(2026, 3, 2), 30_000)).status_code == 201
    above_left = await _push(ads, campaign["id"], date(2026, 3, 3), 20_001)
    assert above_left.status_code == 422
    last = await _push(ads, campaign["id"], date(2026, 3, 3), 20_000)
    assert last.json()["status"] == "charged"
    assert await ads.available(seller) == 200_000 - 50_000
    # the total budget is charged: the campaign ends, announced once
    status = await ads.scalar("SELECT status FROM campaigns WHERE id = :id", id=campaign["id"])
    assert status == "exhausted"
    assert len(await ads.events("campaign.exhausted", campaign["id"])) == 1


async def test_a_short_wallet_leaves_the_charge_outstanding_until_the_next_credit(ads: Ads) -> None:
    seller = await ads.seller()
    campaign = await ads.campaign(seller, await ads.product(seller))
    cid = campaign["id"]
    await ads.credit(seller, 5_000)
    before = await ads.available(seller)
    short = await _push(ads, cid, date(2026, 3, 2), 8_000)
    assert short.status_code == 201 and short.json()["status"] == "outstanding"
    assert await ads.available(seller) == before  # nothing debited
    assert await ads.scalar("SELECT status FROM campaigns WHERE id = :id", id=cid) == "paused"
    (paused,) = await ads.events("campaign.paused", cid)
    assert paused["reason"] == "insufficient_balance"
    assert await ads.events("ad.charged", cid) == []
    # the seller cannot resume while it owes
    from api.kit.auth import Role
    from tests.support.services import as_user

    refused = await ads.client.post(
        f"/api/ads/campaigns/{cid}/resume", headers=as_user(Role.seller, seller)
    )
    assert refused.status_code == 409
    # a re-push of the day does not debit or duplicate
    assert (await _push(ads, cid, date(2026, 3, 2), 8_000)).status_code == 200

    await ads.credit(seller, 10_000)
    await ads.deliver(_credited(seller, 10_000), seller)
    assert await ads.available(seller) == 15_000 - 8_000
    row = (
        await ads.sql(
            "SELECT status, wallet_transaction_id FROM charges WHERE campaign_id = :id", id=cid
        )
    )[0]
    assert row[0] == "charged" and row[1] is not None
    (charged,) = await ads.events("ad.charged", cid)
    assert (charged["amount"], charged["wallet_transaction_id"]) == (8_000, str(row[1]))
    ledger = await ads.wallet.get(
        f"/internal/wallets/users/{seller}", params={"owner_type": "seller"}, headers=INTERNAL
    )
    assert ledger.json()["balance"] == 15_000 - 8_000
    # nothing outstanding: the campaign serves again
    assert await ads.scalar("SELECT status FROM campaigns WHERE id = :id", id=cid) == "active"
    # a redelivered credit collects nothing twice
    await ads.deliver(_credited(seller, 10_000), seller)
    assert await ads.available(seller) == 7_000
