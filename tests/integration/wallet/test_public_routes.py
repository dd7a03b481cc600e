"""Public wallet routes: the caller's own wallets and statements, a wallet by id for its owner or
an admin (404 for anyone else), admins' promotions and adjustments with a reason, audited."""

from __future__ import annotations

from uuid import uuid4

from api.kit.auth import Role
from tests.integration.wallet.conftest import (
    ADMIN,
    CLEAN,
    Harness,
    debit,
    funded,
    key,
    ledger_proof,
)
from tests.support.services import as_user


async def test_me_shows_posted_held_and_available_and_the_statement_lists_every_movement(
    harness: Harness,
) -> None:
    buyer = await funded(harness, 90_000)
    headers = as_user(Role.customer, buyer)
    from tests.integration.wallet.test_holds import place

    await place(harness, buyer, 30_000)
    me = await harness.client.get("/api/wallets/me", headers=headers)
    assert me.status_code == 200
    body = me.json()
    assert {k: body[k] for k in ("owner_type", "balance", "held", "available", "currency")} == {
        "owner_type": "buyer",
        "balance": 90_000,
        "held": 30_000,
        "available": 60_000,
        "currency": "IDR",
    }
    statement = await harness.client.get("/api/wallets/me/transactions", headers=headers)
    items = statement.json()["items"]
    assert statement.json()["total"] == 2
    assert [(i["type"], i["amount"], i["held_change"], i["balance_after"]) for i in items] == [
        ("hold", 0, 30_000, 90_000),
        ("credit", 90_000, 0, 90_000),
    ]
    assert all(i["number"].startswith("WTX-") for i in items)


async def test_a_wallet_by_id_is_its_owners_and_admins_and_nobody_elses(harness: Harness) -> None:
    buyer = await funded(harness, 10_000)
    wallet_id = (
        await harness.client.get("/api/wallets/me", headers=as_user(Role.customer, buyer))
    ).json()["id"]
    for headers, status in (
        (as_user(Role.customer, buyer), 200),
        (ADMIN, 200),
        (as_user(Role.customer), 404),
        (as_user(Role.support_agent), 404),
        (as_user(Role.seller), 404),
    ):
        for path in (f"/api/wallets/{wallet_id}", f"/api/wallets/{wallet_id}/transactions"):
            response = await harness.client.get(path, headers=headers)
            assert response.status_code == status, (path, headers["x-user-role"])
    unknown = await harness.client.get(f"/api/wallets/{uuid4()}", headers=ADMIN)
    assert unknown.status_code == 404
    assert (await harness.client.get("/api/wallets/me")).status_code == 401


async def test_only_sellers_have_a_seller_wallet(harness: Harness) -> None:
    seller = uuid4()
    mine = await harness.client.get("/api/wallets/me", headers=as_user(Role.seller, seller))
    assert mine.json()["owner_type"] == "seller"
    as_buyer = await harness.client.get(
        "/api/wallets/me", params={"owner_type": "buyer"}, headers=as_user(Role.seller, seller)
    )
    assert as_buyer.json()["owner_type"] == "buyer"
    customer = await harness.client.get(
        "/api/wallets/me", params={"owner_type": "seller"}, headers=as_user(Role.customer)
    )
    assert customer.status_code == 403


async def test_admin_promotions_and_adjustments_are_recorded_with_who_and_why(
    harness: Harness,
) -> None:
    seller = await funded(harness, 10_000, owner_type="seller")
    wallet_id = (
        await harness.client.get("/api/wallets/me", headers=as_user(Role.seller, seller))
    ).json()["id"]
    admin = uuid4()
    headers = {**as_user(Role.admin, admin), "Idempotency-Key": key()}
    promo = await harness.client.post(
        f"/api/wallets/{wallet_id}/promotions",
        json={"amount": 25_000, "reason": "launch campaign credit"},
        headers=headers,
    )
    twice = await harness.client.post(
        f"/api/wallets/{wallet_id}/promotions",
        json={"amount": 25_000, "reason": "launch campaign credit"},
        headers=headers,
    )
    assert (promo.status_code, twice.status_code) == (201, 200)
    correction = await harness.client.post(
        f"/api/wallets/{wallet_id}/adjustments",
        json={"amount": 4_000, "reason": "duplicate refund reversed", "direction": "debit"},
        headers={**as_user(Role.admin, admin), "Idempotency-Key": key()},
    )
    assert correction.status_code == 201, correction.text
    wallet = (await harness.client.get(f"/api/wallets/{wallet_id}", headers=ADMIN)).json()
    assert (wallet["withdrawable"], wallet["promotional"], wallet["balance"]) == (
        6_000,
        25_000,
        31_000,
    )
    # promotional credit pays for ads first, then withdrawable money
    assert (await debit(harness, seller, 27_000)).status_code == 201
    wallet = (await harness.client.get(f"/api/wallets/{wallet_id}", headers=ADMIN)).json()
    assert (wallet["withdrawable"], wallet["promotional"]) == (4_000, 0)

    actions = await harness.client.get("/api/wallets/admin-actions", headers=ADMIN)
    assert [(a["reason"], a["description"], a["created_by"]) for a in actions.json()["items"]] == [
        ("adjustment", "duplicate refund reversed", str(admin)),
        ("promotion", "launch campaign credit", str(admin)),
    ]
    for role in (Role.customer, Role.seller, Role.support_agent):
        refused = await harness.client.post(
            f"/api/wallets/{wallet_id}/promotions",
            json={"amount": 1_000, "reason": "gift"},
            headers={**as_user(role), "Idempotency-Key": key()},
        )
        assert refused.status_code == 403
    assert (
        await harness.client.get("/api/wallets/admin-actions", headers=as_user(Role.seller))
    ).status_code == 403
    assert await ledger_proof(harness) == CLEAN
