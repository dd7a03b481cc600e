"""The engine's SQL: a batch is read in one statement and written in one, whatever its size.

Arrays (``unnest``) keep every statement's text the same for one row or 256, so each is prepared
once per connection; data-modifying CTEs write transactions, postings, cached balances and the
outbox in a single round trip while the accounts' row locks are held. Static SQL: nothing here
is built from input.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import orjson
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.kit.numbering import format_number
from api.wallet.models import transaction_numbers

# The accounts' locks and the transactions already recorded under the batch's keys, in one
# round trip. The locks come in one fixed order for every transaction: users' accounts, then the
# platform's (MATERIALIZED keeps the ordered locking step as written).
LOCK_AND_RECORDED = text(
    """
    WITH locked AS MATERIALIZED (
        SELECT id, balance FROM accounts WHERE id = ANY(:ids)
        ORDER BY kind = 'platform', id FOR UPDATE
    )
    SELECT id, balance, NULL::jsonb AS recorded FROM locked
    UNION ALL
    SELECT NULL, NULL, to_jsonb(t) FROM transactions t WHERE t.idempotency_key = ANY(:keys)
    """
)

WRITE_BATCH = text(
    """
    WITH claimed AS (
        INSERT INTO transactions (id, number, idempotency_key, request_hash, type, reason,
            wallet_id, amount, held_change, balance_after, available_after, withdrawable_after,
            description, reference_type, reference_id, hold_id, created_by, details, created_at)
        SELECT t.id, t.number, t.key, t.hash, t.type, t.reason, t.wallet, t.amount, t.held,
            t.balance, t.available, t.withdrawable, t.description, t.ref_type, t.ref_id,
            t.hold, t.created_by, t.details::jsonb, :now
        FROM unnest(CAST(:t_id AS uuid[]), CAST(:t_number AS text[]), CAST(:t_key AS text[]),
            CAST(:t_hash AS text[]), CAST(:t_type AS text[]), CAST(:t_reason AS text[]),
            CAST(:t_wallet AS uuid[]), CAST(:t_amount AS bigint[]), CAST(:t_held AS bigint[]),
            CAST(:t_balance AS bigint[]), CAST(:t_available AS bigint[]),
            CAST(:t_withdrawable AS bigint[]), CAST(:t_description AS text[]),
            CAST(:t_ref_type AS text[]), CAST(:t_ref_id AS text[]), CAST(:t_hold AS uuid[]),
            CAST(:t_created_by AS uuid[]), CAST(:t_details AS text[]))
            AS t(id, number, key, hash, type, reason, wallet, amount, held, balance, available,
                 withdrawable, description, ref_type, ref_id, hold, created_by, details)
        ORDER BY t.key
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id
    ),
    posted AS (
        INSERT INTO postings (transaction_id, account_id, amount, balance_after, created_at)
        SELECT p.tx, p.account, p.amount, p.after, :now
        FROM unnest(CAST(:p_tx AS uuid[]), CAST(:p_account AS uuid[]),
            CAST(:p_amount AS bigint[]), CAST(:p_after AS bigint[]))
            WITH ORDINALITY AS p(tx, account, amount, after, leg)
        WHERE p.tx IN (SELECT id FROM claimed)
        ORDER BY p.leg
    ),
    cached AS (
        UPDATE accounts AS a SET balance = v.balance, updated_at = :now
        FROM unnest(CAST(:a_id AS uuid[]), CAST(:a_balance AS bigint[])) AS v(id, balance)
        WHERE a.id = v.id AND (SELECT count(*) FROM claimed) = :claims
    ),
    announced AS (
        INSERT INTO outbox (event_id, aggregate_type, aggregate_id, event_type, topic, payload,
            headers)
        SELECT e.id, e.aggregate_type, e.aggregate_id, e.type, e.topic, e.payload::jsonb,
            e.headers::jsonb
        FROM unnest(CAST(:e_id AS uuid[]), CAST(:e_aggregate_type AS text[]),
            CAST(:e_aggregate_id AS text[]), CAST(:e_type AS text[]), CAST(:e_topic AS text[]),
            CAST(:e_payload AS text[]), CAST(:e_headers AS text[]))
            WITH ORDINALITY AS e(id, aggregate_type, aggregate_id, type, topic, payload, headers,
                                 n)
        WHERE (SELECT count(*) FROM claimed) = :claims
        ORDER BY e.n
    )
    SELECT count(*) FROM claimed
    """
)


def _json(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value, default=str).decode()


def batch_parameters(
    transactions: Sequence[dict[str, Any]],
    postings: Sequence[tuple[UUID, UUID, int, int]],
    balances: dict[UUID, int],
    events: Sequence[dict[str, Any]],
    *,
    now: datetime,
) -> dict[str, Any]:
    """The arrays of :data:`WRITE_BATCH` (column by column)."""
    columns = {
        "t_id": "id",
        "t_number": "number",
        "t_key": "idempotency_key",
        "t_hash": "request_hash",
        "t_type": "type",
        "t_reason": "reason",
        "t_wallet": "wallet_id",
        "t_amount": "amount",
        "t_held": "held_change",
        "t_balance": "balance_after",
        "t_available": "available_after",
        "t_withdrawable": "withdrawable_after",
        "t_description": "description",
        "t_ref_type": "reference_type",
        "t_ref_id": "reference_id",
        "t_hold": "hold_id",
        "t_created_by": "created_by",
    }
    parameters: dict[str, Any] = {
        name: [row[column] for row in transactions] for name, column in columns.items()
    }
    parameters["t_details"] = [_json(row["details"]) for row in transactions]
    parameters |= {
        "p_tx": [p[0] for p in postings],
        "p_account": [p[1] for p in postings],
        "p_amount": [p[2] for p in postings],
        "p_after": [p[3] for p in postings],
        "a_id": list(balances),
        "a_balance": list(balances.values()),
        "e_id": [e["event_id"] for e in events],
        "e_aggregate_type": [e["aggregate_type"] for e in events],
        "e_aggregate_id": [e["aggregate_id"] for e in events],
        "e_type": [e["event_type"] for e in events],
        "e_topic": [e["topic"] for e in events],
        "e_payload": [_json(e["payload"]) for e in events],
        "e_headers": [_json(e["headers"]) for e in events],
        "claims": len(transactions),
        "now": now,
    }
    return parameters


class NumberPool:
    """``WTX-…`` numbers from sequence values taken a block at a time: numbers must be unique,
    not gapless, and one round trip per block beats one per batch. Values are kept per database
    (a process may serve more than one: tests, the development topology)."""

    def __init__(self, block: int = 512) -> None:
        self._block = block
        self._free: dict[str, list[int]] = {}

    async def take(self, session: AsyncConnection, count: int, now: datetime) -> list[str]:
        database = str(session.engine.url)
        free = self._free.setdefault(database, [])
        while len(free) < count:
            rows = await session.execute(
                select(transaction_numbers.next_value()).select_from(
                    func.generate_series(1, max(self._block, count))
                )
            )
            free.extend(value for (value,) in rows)
        taken, self._free[database] = free[:count], free[count:]
        return [format_number("WTX", value, now) for value in taken]


TRANSACTION_NUMBERS = NumberPool()
