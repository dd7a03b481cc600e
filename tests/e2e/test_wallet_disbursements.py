"""Withdrawals through real processes: ``lakoo serve wallet`` and ``lakoo sandbox xendit``, the
bank-name check and the disbursement over real HTTP, the sandbox settling transfers by itself a
moment later and calling the wallet back — completed for one seller, failed by the bank (the
money back) for another."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import httpx
import psycopg

from api.kit.auth import Role
from api.kit.db import libpq_url, make_async_engine, make_session_factory
from api.kit.uow import UnitOfWorkFactory
from api.wallet import jobs
from api.wallet.settings import get_settings
from tests.support.processes import free_port, lakoo, running, serve
from tests.support.services import as_user, internal_headers, migrated_database

INTERNAL = internal_headers()
# The first requests to a freshly started service on a loaded 2-core machine (CI) have taken
# longer than httpx's 5 s default while the connection pool and first queries warm up.
HTTP = httpx.Client(timeout=30)


def _active_seller(database: str, seller: UUID) -> None:
    # what the worker records on seller.verified (the seller service is not part of this test)
    with psycopg.connect(libpq_url(database)) as conn:
        conn.execute(
            "INSERT INTO seller_standings (user_id, status, changed_at) VALUES (%s, 'active', %s)",
            (seller, datetime.now(UTC)),
        )


def _ready(wallet: str, database: str, number: str) -> UUID:
    seller = uuid4()
    _active_seller(database, seller)
    credit = HTTP.post(
        f"{wallet}/internal/wallets/credits",
        json={
            "user_id": str(seller),
            "owner_type": "seller",
            "amount": 150_000,
            "reason": "settlement",
            "reference_type": "settlement",
            "reference_id": str(uuid4()),
            "idempotency_key": f"e2e-{uuid4().hex}",
        },
        headers=INTERNAL,
    )
    assert credit.status_code == 201, credit.text
    account = HTTP.put(
        f"{wallet}/internal/wallets/payout-accounts",
        json={
            "user_id": str(seller),
            "owner_type": "seller",
            "bank_code": "BNI",
            "account_number": number,
            "account_holder_name": "Rina Kartika",
            "expected_name": "Rina Kartika",
        },
        headers=INTERNAL,
    )
    assert account.json()["status"] == "validated", account.text
    return seller


def _withdraw(wallet: str, seller: UUID) -> dict[str, Any]:
    response = HTTP.post(
        f"{wallet}/api/wallets/me/withdrawals",
        json={"amount": 100_000},
        headers={**as_user(Role.seller, seller), "Idempotency-Key": f"e2e-{uuid4().hex}"},
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _dispatch(database: str, sandbox: str) -> int:
    settings = get_settings().model_copy(
        update={"database_url": database, "xendit_base_url": sandbox}
    )
    engine = make_async_engine(database)
    try:
        uows = UnitOfWorkFactory(make_session_factory(engine), producer="wallet")
        return await jobs.send_withdrawals(uows, settings)
    finally:
        await engine.dispose()


def _status(wallet: str, seller: UUID, withdrawal_id: str, wanted: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60  # returns as soon as the callback has arrived
    while True:
        read = HTTP.get(
            f"{wallet}/api/wallets/me/withdrawals/{withdrawal_id}",
            headers=as_user(Role.seller, seller),
        ).json()
        if read["status"] == wanted or time.monotonic() > deadline:
            return dict(read)
        time.sleep(0.2)


def test_the_sandbox_completes_one_transfer_and_fails_another_and_calls_the_wallet_back(
    fresh_database: str,
) -> None:
    database = migrated_database("wallet", fresh_database)
    sandbox_port, wallet_port = free_port(), free_port()
    sandbox_url, wallet_url = f"http://127.0.0.1:{sandbox_port}", f"http://127.0.0.1:{wallet_port}"
    sandbox = lakoo(
        "sandbox",
        "xendit",
        "--port",
        str(sandbox_port),
        "--disbursement-callback-url",
        f"{wallet_url}/webhooks/xendit/disbursement",
        env={"XENDIT_DISBURSEMENT_COMPLETION_SECONDS": "0.3"},
        url=sandbox_url,
    )
    wallet = serve(
        "wallet",
        port=wallet_port,
        env={"WALLET_DATABASE_URL": libpq_url(database), "XENDIT_BASE_URL": sandbox_url},
    )
    # a loaded machine needs well over 30 s to import and start a service (as the platform's)
    with running(sandbox, wallet, timeout=90):
        paid = _ready(wallet_url, database, "1234567890")
        refused_number = "9876543210"
        HTTP.put(
            f"{sandbox_url}/sandbox/bank-accounts/BNI/{refused_number}",
            json={
                "account_holder_name": "Rina Kartika",
                "transfer_failure_code": "REJECTED_BY_BANK",
            },
        ).raise_for_status()
        refused = _ready(wallet_url, database, refused_number)
        withdrawals = {paid: _withdraw(wallet_url, paid), refused: _withdraw(wallet_url, refused)}

        assert asyncio.run(_dispatch(database, sandbox_url)) == 2

        done = _status(wallet_url, paid, withdrawals[paid]["id"], "completed")
        failed = _status(wallet_url, refused, withdrawals[refused]["id"], "failed")
        assert done["status"] == "completed"
        assert (failed["status"], failed["failure_code"]) == ("failed", "REJECTED_BY_BANK")
        figures = {
            seller: HTTP.get(
                f"{wallet_url}/api/wallets/me", headers=as_user(Role.seller, seller)
            ).json()
            for seller in (paid, refused)
        }
        assert (figures[paid]["balance"], figures[paid]["held"]) == (50_000, 0)
        assert (figures[refused]["balance"], figures[refused]["available"]) == (150_000, 150_000)
