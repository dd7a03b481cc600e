"""Wallet's fuzz stand-in for Xendit (disbursements and name checks, the sandbox in-process), its
callback token, and funded wallets of the run's customer and seller with a checkout hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import httpx
from fastapi import FastAPI

from api.kit.auth import Role
from tests.fuzz.platform import FuzzPlatform
from tests.fuzz.seeds import FuzzSeed

XENDIT = "http://xendit-wallet.fuzz"


def configure(platform: FuzzPlatform, app: FastAPI) -> None:
    from api.wallet.xendit import XenditDisbursements
    from lakoo.sandboxes.xendit import XenditSandboxSettings, create_xendit_sandbox

    settings = app.state.settings
    sandbox = create_xendit_sandbox(
        XenditSandboxSettings(
            secret_key=settings.xendit_secret_key.get_secret_value(),
            callback_token=settings.xendit_callback_token.get_secret_value(),
            disbursement_callback_url="http://wallet.fuzz/webhooks/xendit/disbursement",
            disbursement_completion_seconds=0,  # transfers settle only when told
            public_url=XENDIT,
        ),
        callback_transport=httpx.ASGITransport(app=app),
    )
    app.state.xendit = XenditDisbursements(
        XENDIT,
        secret_key=settings.xendit_secret_key.get_secret_value(),
        transport=httpx.ASGITransport(app=sandbox),
    )


def seed(fuzz: FuzzSeed) -> None:
    wallets = []
    for role, owner_type in ((Role.customer, "buyer"), (Role.seller, "seller")):
        credit = {
            "user_id": str(fuzz.users[role]),
            "owner_type": owner_type,
            "amount": 500_000,
            "reason": "settlement" if owner_type == "seller" else "refund",
            "reference_type": "fuzz",
            "reference_id": uuid4().hex,
            "idempotency_key": f"fuzz-{uuid4().hex}",
        }
        fuzz.call("wallet", "POST", "/internal/wallets/credits", as_="internal", json=credit)
        query = {"owner_type": owner_type}
        me = fuzz.call("wallet", "GET", "/api/wallets/me", as_=role.value, params=query)
        wallets.append(me["id"])
    fuzz.remember("wallet_id", *wallets)
    hold = fuzz.call(
        "wallet",
        "POST",
        "/internal/wallets/holds",
        as_="internal",
        json={
            "user_id": str(fuzz.users[Role.customer]),
            "owner_type": "buyer",
            "amount": 50_000,
            "reference_type": "order",
            "reference_id": uuid4().hex,
            "expires_at": (datetime.now(UTC) + timedelta(hours=1)).isoformat(),
            "idempotency_key": f"fuzz-{uuid4().hex}",
        },
    )
    fuzz.remember("hold_id", hold["hold_id"])


def webhook_headers(app: FastAPI, body: bytes) -> dict[str, str]:
    return {"x-callback-token": app.state.settings.xendit_callback_token.get_secret_value()}
