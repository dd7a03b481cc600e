"""The wallet's events staged by dbt (the data platform's view of them): every wallet's posted
balance and held amount recomputed from the staged events alone equals what the wallet holds.

The events are the wallet's outbox rows, written into ``raw.events`` as the landing writes them
(the landing's own crash safety is tested in tests/pipelines)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from uuid import UUID, uuid4

import psycopg

from api.kit.db import libpq_url
from ingestion.landing_schema import ensure_landing_schema
from pipelines.dbt_env import DBT_PROJECT_DIR, dbt_env
from tests.integration.wallet.conftest import (
    ADMIN,
    INTERNAL,
    Harness,
    credit,
    debit,
    figures,
    key,
    now,
)
from tests.support.databases import create_database, drop_database

DBT = str(Path(sys.executable).with_name("dbt"))


async def _trade(h: Harness) -> list[UUID]:
    """Credits, ad charges, a promotion, holds captured in part and voided, for two sellers."""
    sellers = [uuid4(), uuid4()]
    for seller in sellers:
        credited = await credit(h, seller, 200_000, owner_type="seller", reason="settlement")
        assert credited.status_code == 201
        assert (await debit(h, seller, 35_000)).status_code == 201
    wallet_id = (await figures(h, sellers[0], "seller"))["id"]
    promo = await h.client.post(
        f"/api/wallets/{wallet_id}/promotions",
        json={"amount": 20_000, "reason": "ad credit"},
        headers={**ADMIN, "Idempotency-Key": key()},
    )
    assert promo.status_code == 201
    for seller, capture in zip(sellers, (60_000, None), strict=True):
        hold = await h.client.post(
            "/internal/wallets/holds",
            json={
                "user_id": str(seller),
                "owner_type": "seller",
                "amount": 90_000,
                "reference_type": "checkout",
                "reference_id": key(),
                "expires_at": (now() + timedelta(minutes=30)).isoformat(),
                "idempotency_key": key(),
            },
            headers=INTERNAL,
        )
        hold_id = hold.json()["hold_id"]
        if capture:
            settled = await h.client.post(
                f"/internal/wallets/holds/{hold_id}/capture",
                json={"amount": capture, "idempotency_key": key()},
                headers=INTERNAL,
            )
        else:
            settled = await h.client.post(
                f"/internal/wallets/holds/{hold_id}/void", headers=INTERNAL
            )
        assert settled.status_code == 201
        # and one more hold left open
        await h.client.post(
            "/internal/wallets/holds",
            json={
                "user_id": str(seller),
                "owner_type": "seller",
                "amount": 5_000,
                "reference_type": "checkout",
                "reference_id": key(),
                "expires_at": (now() + timedelta(minutes=30)).isoformat(),
                "idempotency_key": key(),
            },
            headers=INTERNAL,
        )
    return sellers


def _land(wallet_database: str, analytics: str) -> int:
    """The wallet's outbox as the landing would write it into raw.events."""
    with psycopg.connect(libpq_url(wallet_database)) as source:
        rows = source.execute(
            "SELECT event_id, event_type, headers->>'event_version', aggregate_type, aggregate_id,"
            " created_at, payload::text, topic, id FROM outbox ORDER BY id"
        ).fetchall()
    with psycopg.connect(libpq_url(analytics)) as target:
        ensure_landing_schema(target)
        with target.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO raw.events (event_id, event_type, event_version, aggregate_type,"
                ' aggregate_id, occurred_at, producer, payload, topic, partition, "offset")'
                " VALUES (%s, %s, %s, %s, %s, %s, 'wallet', %s::jsonb, %s, 0, %s)",
                rows,
            )
    return len(rows)


async def test_staged_wallet_events_recompute_every_wallet(
    harness: Harness, postgres_url: str
) -> None:
    sellers = await _trade(harness)
    analytics = create_database(postgres_url, "analytics")
    try:
        assert _land(harness.settings.resolved_database_url, analytics) > 10
        env = {**os.environ, **dbt_env(analytics)}
        done = await asyncio.to_thread(
            subprocess.run,
            [DBT, "build", "--select", "stg_wallet__*", "--project-dir", str(DBT_PROJECT_DIR),
             "--profiles-dir", str(DBT_PROJECT_DIR)],
            env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout[-3000:]
        posted: dict[UUID, int] = defaultdict(int)
        held: dict[UUID, int] = defaultdict(int)
        with psycopg.connect(libpq_url(analytics)) as conn:
            credits = conn.execute("SELECT user_id, amount FROM staging.stg_wallet__credits")
            for user, amount in credits:
                posted[user] += amount
            for user, amount, hold, released in conn.execute(
                "SELECT user_id, amount, hold_id, released_amount FROM staging.stg_wallet__debits"
            ):
                posted[user] -= amount
                if hold is not None:
                    held[user] -= amount + released
            for user, amount in conn.execute(
                "SELECT user_id, amount FROM staging.stg_wallet__holds_placed"
            ):
                held[user] += amount
            for user, amount in conn.execute(
                "SELECT user_id, amount FROM staging.stg_wallet__holds_released"
            ):
                held[user] -= amount
        for seller in sellers:
            stored = await figures(harness, seller, "seller")
            assert (posted[seller], held[seller]) == (stored["balance"], stored["held"])
        assert held[sellers[0]] == 5_000
        assert posted[sellers[0]] == 200_000 - 35_000 + 20_000 - 60_000
    finally:
        drop_database(postgres_url, analytics)
