"""Fixtures of the wallet's integration tests: the wallet app and the Xendit sandbox, both
in-process, wired to each other through ASGI transports (disbursements and name checks one way,
callbacks back); events applied to the consumers' handlers as the worker would."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select, text

from api.events import build_envelope, parse_event
from api.events.base import EventPayload
from api.kit import inbox
from api.kit.auth import Role
from api.kit.uow import UnitOfWorkFactory
from api.wallet import app as wallet_app
from api.wallet import consumers
from api.wallet.settings import WalletSettings
from api.wallet.xendit import XenditDisbursements
from lakoo.sandboxes.xendit import XenditSandboxSettings, create_xendit_sandbox
from tests.support.services import app_and_sandbox, as_user, internal_headers, migrated_database

INTERNAL = internal_headers()
ADMIN = as_user(Role.admin)
CALLBACK_URL = "http://wallet/webhooks/xendit/disbursement"


@dataclass
class Harness:
    """The wallet app's client, the sandbox's client, and what both were built with."""

    client: httpx.AsyncClient
    sandbox: httpx.AsyncClient
    app: FastAPI
    settings: WalletSettings
    provider: XenditDisbursements
    uow_factory: UnitOfWorkFactory

    async def sql(self, query: str, **params: Any) -> list[Any]:
        """Rows of a test-written query on the wallet database."""
        async with self.uow_factory() as uow:
            return list(await uow.session.execute(text(query), params))

    async def scalar(self, query: str, **params: Any) -> Any:
        rows = await self.sql(query, **params)
        return rows[0][0] if rows else None


@pytest.fixture
def wallet_db(fresh_database: str) -> str:
    """A fresh database with the wallet migrations applied."""
    return migrated_database("wallet", fresh_database)


@pytest.fixture
async def harness(wallet_db: str) -> AsyncIterator[Harness]:
    """Wallet app ⇄ Xendit sandbox, in-process (transfers settle only when a test says so)."""
    settings = wallet_app.get_settings().model_copy(update={"database_url": wallet_db})
    app = wallet_app.create_app(settings=settings)
    sandbox_settings = XenditSandboxSettings(
        secret_key=settings.xendit_secret_key.get_secret_value(),
        callback_token=settings.xendit_callback_token.get_secret_value(),
        disbursement_callback_url=CALLBACK_URL,
        disbursement_completion_seconds=0,
    )
    sandbox = create_xendit_sandbox(
        sandbox_settings, callback_transport=httpx.ASGITransport(app=app)
    )
    provider = XenditDisbursements(
        "http://xendit",
        secret_key=sandbox_settings.secret_key,
        transport=httpx.ASGITransport(app=sandbox),
    )
    app.state.xendit = provider
    async with app_and_sandbox(
        app,
        sandbox,
        sandbox_url="http://xendit",
        database_url=wallet_db,
        producer="wallet",
        pool_size=4,
    ) as (client, sandbox_client, uow_factory):
        yield Harness(client, sandbox_client, app, settings, provider, uow_factory)


def key() -> str:
    return f"key-{uuid4().hex}"


async def credit(
    h: Harness,
    user_id: UUID,
    amount: int,
    *,
    owner_type: str = "buyer",
    reason: str = "refund",
    idempotency_key: str | None = None,
) -> httpx.Response:
    return await h.client.post(
        "/internal/wallets/credits",
        json={
            "user_id": str(user_id),
            "owner_type": owner_type,
            "amount": amount,
            "reason": reason,
            "reference_type": "test",
            "reference_id": uuid4().hex,
            "idempotency_key": idempotency_key or key(),
        },
        headers=INTERNAL,
    )


def debit_body(
    user_id: UUID, amount: int, *, owner_type: str = "seller", idempotency_key: str | None = None
) -> dict[str, Any]:
    return {
        "user_id": str(user_id),
        "owner_type": owner_type,
        "amount": amount,
        "reason": "ad_spend",
        "reference_type": "ad_charge",
        "reference_id": "campaign-day",
        "idempotency_key": idempotency_key or key(),
    }


async def debit(h: Harness, user_id: UUID, amount: int, **kwargs: Any) -> httpx.Response:
    return await h.client.post(
        "/internal/wallets/debits", json=debit_body(user_id, amount, **kwargs), headers=INTERNAL
    )


async def funded(h: Harness, amount: int, *, owner_type: str = "buyer") -> UUID:
    """A user whose ``owner_type`` wallet holds ``amount`` of withdrawable money."""
    user_id = uuid4()
    response = await credit(h, user_id, amount, owner_type=owner_type)
    assert response.status_code == 201, response.text
    return user_id


async def figures(h: Harness, user_id: UUID, owner_type: str = "buyer") -> dict[str, Any]:
    response = await h.client.get(
        f"/internal/wallets/users/{user_id}", params={"owner_type": owner_type}, headers=INTERNAL
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def apply_event(h: Harness, payload: EventPayload, aggregate_id: UUID | str) -> bool:
    """Deliver one event to the wallet's handler as the worker would (inbox + handler, one
    transaction); False when the inbox had seen it."""
    envelope = build_envelope(payload, aggregate_id=aggregate_id, producer="test")
    return await redeliver(h, envelope.model_dump_json())


async def redeliver(h: Harness, raw: str) -> bool:
    event = parse_event(raw)
    async with h.uow_factory() as uow:
        if not await inbox.claim(
            uow.session, event_id=event.event_id, consumer="wallet", event_type=event.event_type
        ):
            return False
        await consumers.HANDLERS[event.event_type](event, uow)
        await uow.commit()
    return True


async def ledger_proof(h: Harness) -> dict[str, Any]:
    """An independent recomputation of the ledger from its postings (never from the caches)."""
    return {
        "postings_sum": await h.scalar("SELECT coalesce(sum(amount), 0) FROM postings"),
        "unbalanced_transactions": await h.scalar(
            "SELECT count(*) FROM (SELECT transaction_id FROM postings GROUP BY 1"
            " HAVING sum(amount) <> 0) t"
        ),
        "cache_differences": await h.scalar(
            "SELECT count(*) FROM (SELECT a.id FROM accounts a LEFT JOIN postings p"
            " ON p.account_id = a.id GROUP BY a.id"
            " HAVING a.balance <> coalesce(sum(p.amount), 0)) d"
        ),
        "negative_user_accounts": await h.scalar(
            "SELECT count(*) FROM accounts WHERE kind <> 'platform' AND balance < 0"
        ),
        "held_differences": await h.scalar(
            "SELECT count(*) FROM accounts a WHERE a.kind = 'held' AND a.balance <>"
            " (SELECT coalesce(sum(amount), 0) FROM holds h"
            "  WHERE h.wallet_id = a.wallet_id AND h.status = 'active')"
        ),
    }


CLEAN = {
    "postings_sum": 0,
    "unbalanced_transactions": 0,
    "cache_differences": 0,
    "negative_user_accounts": 0,
    "held_differences": 0,
}


async def row_counts(h: Harness, *tables: str) -> dict[str, int]:
    result: dict[str, int] = {}
    async with h.uow_factory() as uow:
        for table in tables:
            result[table] = (
                await uow.session.execute(select(func.count()).select_from(text(table)))
            ).scalar_one()
    return result


def now() -> datetime:
    return datetime.now(UTC)
