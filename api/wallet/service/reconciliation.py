"""The daily reconciliation: an independent recomputation of the ledger from its postings.

Findings (each with what was expected and what is stored):

- ``balance_mismatch``          an account's cached balance ≠ Σ of its postings
- ``last_posting_mismatch``     an account's cached balance ≠ its last posting's balance after
- ``ledger_unbalanced``         Σ of all postings ≠ 0
- ``transaction_unbalanced``    a transaction's postings do not sum to zero
- ``transaction_amount_mismatch``  a transaction's stated wallet change ≠ its wallet's postings
- ``negative_balance``          a user account below zero
- ``held_mismatch``             a wallet's held account ≠ Σ of its active holds
- ``withdrawal_hold_mismatch``  a withdrawal's state disagrees with its hold's

The run reads one snapshot (REPEATABLE READ), so postings committed meanwhile cannot look like
a difference. One run per WIB day; it is recorded with its findings and announced with
``wallet.reconciliation_completed``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import select, text

from api.events.wallet import WalletReconciliationCompleted
from api.kit.errors import NotFound
from api.kit.uow import UnitOfWork
from api.wallet.models import ReconciliationFinding, ReconciliationRun
from api.wallet.schemas import ReconciliationFindingRead, ReconciliationRunRead

_CHECKS: dict[str, str] = {
    "balance_mismatch": """
        SELECT a.code AS subject, coalesce(sum(p.amount), 0) AS expected, a.balance AS actual
        FROM accounts a LEFT JOIN postings p ON p.account_id = a.id
        GROUP BY a.id HAVING a.balance <> coalesce(sum(p.amount), 0)""",
    "last_posting_mismatch": """
        SELECT a.code AS subject, last.balance_after AS expected, a.balance AS actual
        FROM accounts a JOIN (
            SELECT DISTINCT ON (account_id) account_id, balance_after
            FROM postings ORDER BY account_id, id DESC
        ) last ON last.account_id = a.id
        WHERE last.balance_after <> a.balance""",
    "transaction_unbalanced": """
        SELECT transaction_id::text AS subject, 0 AS expected, sum(amount) AS actual
        FROM postings GROUP BY transaction_id HAVING sum(amount) <> 0""",
    "transaction_amount_mismatch": """
        SELECT t.number AS subject, coalesce(sum(p.amount), 0) AS expected, t.amount AS actual
        FROM transactions t
        LEFT JOIN accounts a ON a.wallet_id = t.wallet_id
        LEFT JOIN postings p ON p.transaction_id = t.id AND p.account_id = a.id
        GROUP BY t.id HAVING t.amount <> coalesce(sum(p.amount), 0)""",
    "negative_balance": """
        SELECT code AS subject, 0 AS expected, balance AS actual
        FROM accounts WHERE kind <> 'platform' AND balance < 0""",
    "held_mismatch": """
        SELECT a.code AS subject, coalesce(h.active, 0) AS expected, a.balance AS actual
        FROM accounts a LEFT JOIN (
            SELECT wallet_id, sum(amount) AS active FROM holds
            WHERE status = 'active' GROUP BY wallet_id
        ) h ON h.wallet_id = a.wallet_id
        WHERE a.kind = 'held' AND a.balance <> coalesce(h.active, 0)""",
    "withdrawal_hold_mismatch": """
        SELECT w.number AS subject, NULL::bigint AS expected, NULL::bigint AS actual
        FROM withdrawals w JOIN holds h ON h.id = w.hold_id
        WHERE (w.status IN ('requested', 'processing') AND h.status <> 'active')
           OR (w.status = 'completed' AND (h.status <> 'captured' OR h.captured_amount <> w.amount))
           OR (w.status = 'failed' AND h.status <> 'voided')""",
}


async def reconcile(uow: UnitOfWork, *, run_date: date, now: datetime) -> ReconciliationRun | None:
    """Run the day's reconciliation; None when the day has run already."""
    await uow.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    if await uow.session.scalar(
        select(ReconciliationRun.id).where(ReconciliationRun.run_date == run_date)
    ):
        return None
    run_id = uuid4()
    found: list[dict[str, Any]] = []
    for kind, query in _CHECKS.items():
        for row in (await uow.session.execute(text(query))).mappings():
            found.append(
                {
                    "run_id": run_id,
                    "kind": kind,
                    "subject": str(row["subject"]),
                    "expected": row["expected"],
                    "actual": row["actual"],
                    "detail": f"{kind}: expected {row['expected']}, stored {row['actual']}",
                }
            )
    total = int(
        await uow.session.scalar(text("SELECT coalesce(sum(amount), 0) FROM postings")) or 0
    )
    if total != 0:
        found.append(
            {
                "run_id": run_id,
                "kind": "ledger_unbalanced",
                "subject": "ledger",
                "expected": 0,
                "actual": total,
                "detail": f"ledger_unbalanced: Σ of all postings is {total}",
            }
        )
    accounts = int(await uow.session.scalar(text("SELECT count(*) FROM accounts")) or 0)
    transactions = int(await uow.session.scalar(text("SELECT count(*) FROM transactions")) or 0)
    run = ReconciliationRun(
        id=run_id,
        run_date=run_date,
        accounts_checked=accounts,
        transactions_checked=transactions,
        postings_sum=total,
        findings=len(found),
        completed_at=now,
    )
    uow.session.add(run)
    await uow.session.flush()
    if found:
        await uow.session.execute(ReconciliationFinding.__table__.insert(), found)  # type: ignore[attr-defined]
    await uow.outbox.add(
        WalletReconciliationCompleted(
            run_id=run_id,
            run_date=run_date,
            accounts_checked=accounts,
            transactions_checked=transactions,
            postings_sum=total,
            findings=len(found),
            finding_kinds=sorted({f["kind"] for f in found}),
            ok=not found,
            completed_at=now,
        ),
        aggregate_id=run_id,
    )
    return run


async def latest(session: Any) -> ReconciliationRunRead:
    """The latest run and its findings."""
    run = (
        await session.scalars(
            select(ReconciliationRun).order_by(ReconciliationRun.run_date.desc()).limit(1)
        )
    ).first()
    if run is None:
        raise NotFound("The ledger has not been reconciled yet")
    findings = await session.scalars(
        select(ReconciliationFinding)
        .where(ReconciliationFinding.run_id == run.id)
        .order_by(ReconciliationFinding.id)
        .limit(500)
    )
    read = ReconciliationRunRead.model_validate(run)
    read.items = [ReconciliationFindingRead.model_validate(f) for f in findings]
    return read
