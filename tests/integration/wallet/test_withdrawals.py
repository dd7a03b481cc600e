"""Withdrawals end to end against the Xendit sandbox: requested (a hold) → processing (a
disbursement) → completed (captured) | failed (voided: the money back, ``withdrawal.failed``)."""

from __future__ import annotations

from uuid import uuid4

from api.kit.auth import Role
from api.wallet import jobs
from tests.integration.wallet.conftest import (
    CLEAN,
    INTERNAL,
    Harness,
    apply_event,
    figures,
    ledger_proof,
    row_counts,
)
from tests.integration.wallet.events import seller_suspended
from tests.integration.wallet.payouts import (
    account_number,
    bank_record,
    disbursements_of,
    put_account,
    ready_buyer,
    ready_seller,
    withdraw,
)
from tests.support.services import as_user

TOKEN_HEADER = "x-callback-token"


async def _send(h: Harness) -> int:
    return await jobs.send_withdrawals(h.uow_factory, h.settings, provider=h.provider)


async def _events(h: Harness, prefix: str) -> list[str]:
    rows = await h.sql(
        "SELECT event_type FROM outbox WHERE event_type LIKE :p ORDER BY id", p=f"{prefix}%"
    )
    return [row[0] for row in rows]


async def test_a_seller_withdraws_and_the_bank_completes_the_transfer(harness: Harness) -> None:
    seller = await ready_seller(harness, 500_000)
    response = await withdraw(harness, seller, 200_000)
    assert response.status_code == 201, response.text
    withdrawal = response.json()
    assert (withdrawal["status"], withdrawal["amount"], withdrawal["bank_code"]) == (
        "requested",
        200_000,
        "BCA",
    )
    wallet = await figures(harness, seller, "seller")
    assert (wallet["balance"], wallet["held"], wallet["available"]) == (500_000, 200_000, 300_000)

    assert await _send(harness) == 1
    (disbursement,) = await disbursements_of(harness, withdrawal["number"])
    assert (disbursement["amount"], disbursement["status"]) == (200_000, "PENDING")
    mine = await harness.client.get(
        f"/api/wallets/me/withdrawals/{withdrawal['id']}", headers=as_user(Role.seller, seller)
    )
    assert mine.json()["status"] == "processing"

    done = await harness.sandbox.post(
        f"/sandbox/disbursements/{disbursement['id']}/complete", json={"callback_times": 2}
    )
    assert done.json()["callback_statuses"] == [200, 200]
    mine = await harness.client.get(
        f"/api/wallets/me/withdrawals/{withdrawal['id']}", headers=as_user(Role.seller, seller)
    )
    assert mine.json()["status"] == "completed"
    wallet = await figures(harness, seller, "seller")
    assert (wallet["balance"], wallet["held"], wallet["available"]) == (300_000, 0, 300_000)
    assert (
        await harness.scalar("SELECT balance FROM accounts WHERE code = 'platform:payouts'")
        == 200_000
    )
    assert await _events(harness, "withdrawal.") == ["withdrawal.requested", "withdrawal.completed"]
    outcomes = await harness.sql(
        "SELECT outcome FROM provider_logs WHERE direction = 'callback' ORDER BY id"
    )
    assert [row[0] for row in outcomes] == ["applied", "duplicate"]
    assert await ledger_proof(harness) == CLEAN


async def test_a_transfer_the_bank_fails_gives_the_money_back(harness: Harness) -> None:
    number = account_number()
    await bank_record(
        harness,
        "BCA",
        number,
        account_holder_name="Budi Santoso",
        transfer_failure_code="REJECTED_BY_BANK",
    )
    seller = await ready_seller(harness, 80_000, number=number)
    before = await figures(harness, seller, "seller")
    withdrawal = (await withdraw(harness, seller, 80_000)).json()
    assert await _send(harness) == 1
    (disbursement,) = await disbursements_of(harness, withdrawal["number"])
    failed = await harness.sandbox.post(
        f"/sandbox/disbursements/{disbursement['id']}/fail",
        json={"failure_code": "REJECTED_BY_BANK"},
    )
    assert failed.json()["callback_statuses"] == [200]
    mine = await harness.client.get(
        f"/api/wallets/me/withdrawals/{withdrawal['id']}", headers=as_user(Role.seller, seller)
    )
    assert (mine.json()["status"], mine.json()["failure_code"]) == ("failed", "REJECTED_BY_BANK")
    assert await figures(harness, seller, "seller") == before  # the money is back, untouched
    assert await _events(harness, "withdrawal.") == ["withdrawal.requested", "withdrawal.failed"]
    (failure,) = await harness.sql(
        "SELECT payload FROM outbox WHERE event_type = 'withdrawal.failed'"
    )
    assert failure[0]["failure_code"] == "REJECTED_BY_BANK"
    assert failure[0]["account_number_last4"] == number[-4:]
    assert await ledger_proof(harness) == CLEAN


async def test_a_dispatch_killed_after_xendit_accepted_sends_no_second_transfer(
    harness: Harness,
) -> None:
    seller = await ready_seller(harness, 60_000)
    withdrawal = (await withdraw(harness, seller, 50_000)).json()
    # the dispatcher's call reached Xendit, then the process died before its commit
    first = await harness.provider.create_disbursement(
        external_id=withdrawal["number"],
        amount=50_000,
        bank_code="BCA",
        account_holder_name="BUDI SANTOSO",
        account_number="0000000000",
        description="LAKOO withdrawal",
        idempotency_key=withdrawal["id"],
    )
    assert first.ok
    assert await _send(harness) == 1
    assert [d["id"] for d in await disbursements_of(harness, withdrawal["number"])] == [
        first.body["id"]
    ]
    assert await harness.scalar("SELECT disbursement_id FROM withdrawals") == first.body["id"]


async def test_only_active_sellers_and_verified_buyers_withdraw(harness: Harness) -> None:
    seller = await ready_seller(harness, 50_000)
    await apply_event(harness, seller_suspended(seller), seller)
    suspended = await withdraw(harness, seller, 20_000)
    assert suspended.status_code == 409
    assert suspended.json()["type"].endswith("/withdrawal-not-allowed")

    unverified = uuid4()
    await harness.client.post(
        "/internal/wallets/credits",
        json={
            "user_id": str(unverified),
            "owner_type": "buyer",
            "amount": 50_000,
            "reason": "refund",
            "reference_type": "test",
            "reference_id": "r",
            "idempotency_key": f"k-{uuid4().hex}",
        },
        headers=INTERNAL,
    )
    refused = await withdraw(harness, unverified, 20_000, role=Role.customer)
    assert refused.status_code == 409 and "verified" in refused.json()["detail"]

    buyer = await ready_buyer(harness, 50_000, name="Siti Rahma")
    no_account = await withdraw(harness, buyer, 20_000, role=Role.customer)
    assert no_account.json()["type"].endswith("/no-payout-account")
    account = await harness.client.put(
        "/api/wallets/me/payout-account",
        json={
            "bank_code": "BRI",
            "account_number": account_number(15),
            "account_holder_name": "Siti Rahma",
        },
        headers=as_user(Role.customer, buyer),
    )
    assert account.json()["status"] == "validated", account.text
    allowed = await withdraw(harness, buyer, 20_000, role=Role.customer)
    assert allowed.status_code == 201, allowed.text
    assert await harness.scalar("SELECT count(*) FROM withdrawals") == 1


async def test_promotional_credit_and_amounts_below_the_minimum_are_not_withdrawn(
    harness: Harness,
) -> None:
    seller = await ready_seller(harness, 30_000)
    wallet_id = (await figures(harness, seller, "seller"))["id"]
    await harness.client.post(
        f"/api/wallets/{wallet_id}/promotions",
        json={"amount": 50_000, "reason": "ad credit for new sellers"},
        headers={**as_user(Role.admin), "Idempotency-Key": f"k-{uuid4().hex}"},
    )
    before = await row_counts(harness, "withdrawals", "holds", "transactions", "outbox")
    too_much = await withdraw(harness, seller, 30_001)
    assert too_much.status_code == 409 and too_much.json()["available"] == 30_000
    too_little = await withdraw(harness, seller, 9_999)
    assert too_little.status_code == 422 and too_little.json()["errors"][0]["field"] == "amount"
    assert await row_counts(harness, "withdrawals", "holds", "transactions", "outbox") == before


async def test_the_same_key_answers_the_same_withdrawal_and_another_amount_409(
    harness: Harness,
) -> None:
    seller = await ready_seller(harness, 100_000)
    key = f"wd-{uuid4().hex}"
    first = await withdraw(harness, seller, 40_000, key=key)
    again = await withdraw(harness, seller, 40_000, key=key)
    other = await withdraw(harness, seller, 41_000, key=key)
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 409)
    assert first.json() == again.json()
    assert (await figures(harness, seller, "seller"))["held"] == 40_000


async def test_the_weekly_auto_payout_withdraws_everything_withdrawable(harness: Harness) -> None:
    seller = await ready_seller(harness, 123_456)
    body = {
        "user_id": str(seller),
        "owner_type": "seller",
        "idempotency_key": f"auto-{uuid4().hex}",
    }
    response = await harness.client.post(
        "/internal/wallets/withdrawals", json=body, headers=INTERNAL
    )
    assert response.status_code == 201, response.text
    assert (response.json()["amount"], response.json()["source"]) == (123_456, "auto_payout")
    again = await harness.client.post(
        "/internal/wallets/withdrawals",
        json=body | {"idempotency_key": f"auto-{uuid4().hex}"},
        headers=INTERNAL,
    )
    assert again.status_code == 409 and again.json()["type"].endswith("/nothing-to-withdraw")


async def test_callbacks_without_our_token_or_malformed_are_refused(harness: Harness) -> None:
    seller = await ready_seller(harness, 30_000)
    withdrawal = (await withdraw(harness, seller, 20_000)).json()
    body = {"id": "disb-forged", "external_id": withdrawal["number"], "status": "COMPLETED"}
    forged = await harness.client.post(
        "/webhooks/xendit/disbursement", json=body, headers={TOKEN_HEADER: "guess"}
    )
    missing = await harness.client.post("/webhooks/xendit/disbursement", json=body)
    token = harness.settings.xendit_callback_token.get_secret_value()
    malformed = await harness.client.post(
        "/webhooks/xendit/disbursement", json={"status": "COMPLETED"}, headers={TOKEN_HEADER: token}
    )
    assert (forged.status_code, missing.status_code, malformed.status_code) == (403, 403, 422)
    assert (await figures(harness, seller, "seller"))["held"] == 20_000


async def test_another_users_withdrawal_is_not_found(harness: Harness) -> None:
    seller = await ready_seller(harness, 30_000)
    withdrawal = (await withdraw(harness, seller, 20_000)).json()
    other = await harness.client.get(
        f"/api/wallets/me/withdrawals/{withdrawal['id']}", headers=as_user(Role.seller)
    )
    assert other.status_code == 404


async def test_a_replaced_payout_account_blocks_withdrawals_for_a_day(harness: Harness) -> None:
    seller = await ready_seller(harness, 100_000)
    replaced = await put_account(harness, seller, bank_code="MANDIRI", number=account_number(13))
    assert replaced.json()["status"] == "validated"
    assert replaced.json()["withdrawals_blocked_until"] is not None
    blocked = await withdraw(harness, seller, 20_000)
    assert blocked.status_code == 409 and blocked.json()["type"].endswith("/payout-account-blocked")
    harness.settings.clock_offset_seconds = 25 * 3600
    allowed = await withdraw(harness, seller, 20_000)
    assert allowed.status_code == 201 and allowed.json()["bank_code"] == "MANDIRI"


async def test_the_order_saga_cannot_settle_a_withdrawals_hold(harness: Harness) -> None:
    seller = await ready_seller(harness, 50_000)
    await withdraw(harness, seller, 30_000)
    hold_id = await harness.scalar("SELECT hold_id FROM withdrawals")
    for path, body in (
        (f"/internal/wallets/holds/{hold_id}/void", None),
        (f"/internal/wallets/holds/{hold_id}/capture", {"idempotency_key": f"k-{uuid4().hex}"}),
    ):
        response = await harness.client.post(path, json=body, headers=INTERNAL)
        assert response.status_code == 404, path
    assert (
        await harness.client.get(f"/internal/wallets/holds/{hold_id}", headers=INTERNAL)
    ).status_code == 404
    assert await harness.scalar("SELECT status FROM holds") == "active"
