"""Payout accounts validated by name at the bank (the Xendit sandbox): the first is usable at
once, a replacement blocks withdrawals for 24 h, a mismatch replaces nothing, bad bank codes and
account numbers are refused naming the field with nothing written."""

from __future__ import annotations

from uuid import uuid4

from api.kit.auth import Role
from tests.integration.wallet.conftest import Harness, apply_event, row_counts
from tests.integration.wallet.events import user_registered
from tests.integration.wallet.payouts import account_number, bank_record, put_account
from tests.support.services import as_user


async def test_the_first_validated_account_is_usable_at_once(harness: Harness) -> None:
    seller = uuid4()
    number = account_number()
    response = await put_account(harness, seller, number=number, holder="budi santoso")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "status": "validated",
        "bank_code": "BCA",
        "account_number_last4": number[-4:],
        "bank_holder_name": "BUDI SANTOSO",
        "withdrawals_blocked_until": None,
    }
    again = await put_account(harness, seller, number=number)
    assert again.json()["withdrawals_blocked_until"] is None  # the same account: no new block
    assert await harness.scalar("SELECT count(*) FROM payout_accounts") == 1
    logged = await harness.scalar(
        "SELECT request->>'bank_account_number' FROM provider_logs LIMIT 1"
    )
    assert logged == "…" + number[-4:]  # the full number is never logged


async def test_a_holder_who_is_not_the_expected_person_replaces_nothing(harness: Harness) -> None:
    seller = uuid4()
    assert (await put_account(harness, seller)).json()["status"] == "validated"
    number = account_number(13)
    await bank_record(harness, "MANDIRI", number, account_holder_name="Andi Wijaya")
    response = await put_account(harness, seller, bank_code="MANDIRI", number=number)
    assert response.json()["status"] == "name_mismatch"
    assert response.json()["bank_holder_name"] is None  # never a way to look names up
    active = await harness.sql("SELECT bank_code FROM payout_accounts WHERE active")
    assert [row[0] for row in active] == ["BCA"]


async def test_names_are_compared_as_banks_write_them(harness: Harness) -> None:
    seller = uuid4()
    number = account_number()
    await bank_record(harness, "BNI", number, account_holder_name="SANTOSO BUDI")
    response = await put_account(
        harness, seller, bank_code="BNI", number=number, expected="Bpk. Budi Santoso"
    )
    assert response.json()["status"] == "validated"


async def test_unknown_banks_and_wrong_lengths_are_refused_naming_the_field(
    harness: Harness,
) -> None:
    seller = uuid4()
    for bank_code, number, field in (
        ("BANKX", "1234567890", "bank_code"),
        ("BCA", "123456789", "account_number"),  # BCA numbers have 10 digits
        ("BRI", "1234567890", "account_number"),  # BRI numbers have 15
        ("MANDIRI", "12345678901ab", "account_number"),
        ("BCA", "١٢٣٤٥٦٧٨٩٠", "account_number"),  # digits, but not ASCII ones
    ):
        response = await put_account(harness, seller, bank_code=bank_code, number=number)
        assert response.status_code == 422, (bank_code, number)
        assert response.json()["errors"][0]["field"] == field
    assert await row_counts(harness, "payout_accounts", "provider_logs") == {
        "payout_accounts": 0,
        "provider_logs": 0,
    }


async def test_an_account_the_bank_does_not_know_is_refused(harness: Harness) -> None:
    number = account_number()
    await bank_record(harness, "BCA", number, account_holder_name="Nobody", exists=False)
    response = await put_account(harness, uuid4(), number=number)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "account_number"
    assert await harness.scalar("SELECT count(*) FROM payout_accounts") == 0


async def test_a_buyer_registers_an_account_in_the_name_they_signed_up_with(
    harness: Harness,
) -> None:
    buyer = uuid4()
    headers = as_user(Role.customer, buyer)
    body = {"bank_code": "BCA", "account_number": account_number(), "account_holder_name": "Siti"}
    unknown = await harness.client.put("/api/wallets/me/payout-account", json=body, headers=headers)
    assert unknown.status_code == 409 and unknown.json()["type"].endswith("/profile-unknown")
    await apply_event(harness, user_registered(buyer, "Siti Rahma"), buyer)
    number = body["account_number"]
    await bank_record(harness, "BCA", number, account_holder_name="Dewi Lestari")
    stolen = await harness.client.put("/api/wallets/me/payout-account", json=body, headers=headers)
    assert stolen.json()["status"] == "name_mismatch"
    mine = account_number()
    own = await harness.client.put(
        "/api/wallets/me/payout-account",
        json=body | {"account_number": mine, "account_holder_name": "Siti Rahma"},
        headers=headers,
    )
    assert own.json()["status"] == "validated"
    read = await harness.client.get("/api/wallets/me/payout-account", headers=headers)
    assert read.json()["account_number_last4"] == mine[-4:]
    seller_route = await harness.client.put(
        "/api/wallets/me/payout-account", json=body, headers=as_user(Role.seller)
    )
    assert seller_route.status_code == 403  # sellers go through the seller service
