"""Steps the payout tests share: a seller or buyer ready to withdraw, the sandbox's banks."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import httpx

from api.kit.auth import Role
from tests.integration.wallet.conftest import INTERNAL, Harness, apply_event, credit
from tests.integration.wallet.events import seller_verified, user_registered, user_verified
from tests.support.services import as_user

SELLER_NAME = "Budi Santoso"


def account_number(length: int = 10) -> str:
    return str(uuid4().int)[:length]


async def put_account(
    h: Harness,
    user_id: UUID,
    *,
    owner_type: str = "seller",
    bank_code: str = "BCA",
    number: str | None = None,
    holder: str = SELLER_NAME,
    expected: str = SELLER_NAME,
) -> httpx.Response:
    return await h.client.put(
        "/internal/wallets/payout-accounts",
        json={
            "user_id": str(user_id),
            "owner_type": owner_type,
            "bank_code": bank_code,
            "account_number": number or account_number(),
            "account_holder_name": holder,
            "expected_name": expected,
        },
        headers=INTERNAL,
    )


async def bank_record(h: Harness, bank_code: str, number: str, **record: Any) -> None:
    """What the sandbox's bank knows about an account (holder, existence, transfer failures)."""
    response = await h.sandbox.put(f"/sandbox/bank-accounts/{bank_code}/{number}", json=record)
    assert response.status_code == 200, response.text


async def ready_seller(h: Harness, balance: int, *, number: str | None = None) -> UUID:
    """An active seller with ``balance`` withdrawable and a validated BCA account."""
    seller = uuid4()
    await apply_event(h, seller_verified(seller), seller)
    if balance:
        assert (
            await credit(h, seller, balance, owner_type="seller", reason="settlement")
        ).status_code == 201
    response = await put_account(h, seller, number=number)
    assert response.status_code == 200 and response.json()["status"] == "validated", response.text
    return seller


async def ready_buyer(h: Harness, balance: int, *, name: str = "Siti Rahma") -> UUID:
    buyer = uuid4()
    await apply_event(h, user_registered(buyer, name), buyer)
    await apply_event(h, user_verified(buyer), buyer)
    if balance:
        assert (await credit(h, buyer, balance)).status_code == 201
    return buyer


async def withdraw(
    h: Harness, user_id: UUID, amount: int, *, role: Role = Role.seller, key: str | None = None
) -> httpx.Response:
    return await h.client.post(
        "/api/wallets/me/withdrawals",
        json={"amount": amount},
        headers={**as_user(role, user_id), "Idempotency-Key": key or f"wd-{uuid4().hex}"},
    )


async def disbursements_of(h: Harness, withdrawal_number: str) -> list[dict[str, Any]]:
    """The disbursements Xendit holds under a withdrawal's number (its real API)."""
    response = await h.provider.disbursements_for(withdrawal_number)
    assert response.ok, response.body
    return list(response.body["data"])
