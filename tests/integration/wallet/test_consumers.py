"""What the wallet learns from events: settlement payouts and wallet refunds credit once, however
often they are delivered; users' names and verification, sellers' standing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from api.events import build_envelope
from tests.integration.wallet.conftest import (
    CLEAN,
    Harness,
    apply_event,
    figures,
    ledger_proof,
    redeliver,
)
from tests.integration.wallet.events import (
    refund_completed,
    seller_reinstated,
    seller_suspended,
    seller_verified,
    settlement_completed,
    user_registered,
    user_verified,
)


async def test_a_settlement_credits_the_sellers_wallet_with_the_weeks_payout(
    harness: Harness,
) -> None:
    seller = uuid4()
    settlement = settlement_completed(seller, 965_560)
    assert await apply_event(harness, settlement, settlement.settlement_id)
    wallet = await figures(harness, seller, "seller")
    assert (wallet["balance"], wallet["withdrawable"]) == (965_560, 965_560)
    (reference,) = await harness.sql(
        "SELECT reference_type, reference_id, reason FROM transactions"
    )
    assert tuple(reference) == ("settlement", str(settlement.settlement_id), "settlement")
    assert (
        await harness.scalar("SELECT balance FROM accounts WHERE code = 'platform:settlements'")
        == -965_560
    )
    assert await ledger_proof(harness) == CLEAN


async def test_a_redelivered_settlement_credits_once(harness: Harness) -> None:
    seller = uuid4()
    settlement = settlement_completed(seller, 120_000)
    envelope = build_envelope(settlement, aggregate_id=settlement.settlement_id, producer="payment")
    assert await redeliver(harness, envelope.model_dump_json())
    assert not await redeliver(harness, envelope.model_dump_json())  # the inbox absorbs it
    # announced again under a new event id (a replayed outbox): the ledger's key absorbs it
    assert await apply_event(harness, settlement, settlement.settlement_id)
    assert (await figures(harness, seller, "seller"))["balance"] == 120_000
    assert await harness.scalar("SELECT count(*) FROM transactions") == 1


async def test_a_week_without_payout_credits_nothing(harness: Harness) -> None:
    seller = uuid4()
    assert await apply_event(harness, settlement_completed(seller, 0), uuid4())
    assert await harness.scalar("SELECT count(*) FROM transactions") == 0
    assert await harness.scalar("SELECT count(*) FROM wallets") == 0


async def test_only_refunds_to_the_wallet_credit_the_buyer(harness: Harness) -> None:
    buyer = uuid4()
    assert await apply_event(harness, refund_completed(buyer, 45_000), uuid4())
    assert await apply_event(harness, refund_completed(buyer, 99_000, "original_payment"), uuid4())
    wallet = await figures(harness, buyer)
    assert wallet["balance"] == 45_000
    events = await harness.sql("SELECT payload->>'reason', payload->>'amount' FROM outbox")
    assert [tuple(e) for e in events] == [("refund", "45000")]


async def test_users_and_sellers_standing_follow_their_events_newest_wins(
    harness: Harness,
) -> None:
    user = uuid4()
    await apply_event(harness, user_registered(user, "Siti Rahma"), user)
    await apply_event(harness, user_verified(user), user)
    profile = await harness.sql("SELECT full_name, verified_at IS NOT NULL FROM user_profiles")
    assert [tuple(p) for p in profile] == [("Siti Rahma", True)]

    seller = uuid4()
    start = datetime.now(UTC)
    await apply_event(harness, seller_verified(seller, start), seller)
    await apply_event(harness, seller_suspended(seller, start + timedelta(hours=1)), seller)
    await apply_event(harness, seller_verified(seller, start), seller)  # an old one, redelivered
    assert await harness.scalar("SELECT status FROM seller_standings") == "suspended"
    await apply_event(harness, seller_reinstated(seller, start + timedelta(hours=2)), seller)
    assert await harness.scalar("SELECT status FROM seller_standings") == "active"
