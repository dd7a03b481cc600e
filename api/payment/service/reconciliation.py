"""The daily reconciliation: every payment's state against what the gateway log says happened.

Findings (one per payment, kind and day, so a re-run adds nothing):

- ``paid_without_callback``  the payment is paid but no PAID callback was logged for its invoice
- ``callback_not_applied``   a PAID callback was logged but the payment is not paid (or after)
- ``amount_mismatch``        the logged callback's paid amount differs from the payment's amount
- ``no_invoice``             a payment older than an hour has no invoice at the gateway
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from api.kit.uow import UnitOfWork
from api.payment.models import GatewayLog, Payment, ReconciliationIssue

SETTLED_STATES = frozenset({"paid", "partially_refunded", "refunded"})


def findings(
    payment: Payment, paid_callbacks: list[GatewayLog], now: datetime
) -> list[tuple[str, str]]:
    """What is wrong with one payment given its logged PAID callbacks (pure; unit-tested)."""
    found: list[tuple[str, str]] = []
    if payment.invoice_id is None:
        if now - payment.created_at > timedelta(hours=1):
            found.append(("no_invoice", "the payment never got an invoice"))
        return found
    if payment.status in SETTLED_STATES and not paid_callbacks:
        found.append(("paid_without_callback", f"{payment.status} without a logged PAID callback"))
    if paid_callbacks and payment.status not in SETTLED_STATES:
        found.append(("callback_not_applied", f"PAID callback logged, payment {payment.status}"))
    for log in paid_callbacks:
        paid = (log.request or {}).get("paid_amount", (log.request or {}).get("amount"))
        if paid is not None and int(paid) != payment.amount:
            found.append(("amount_mismatch", f"callback paid {paid}, payment is {payment.amount}"))
            break
    return found


async def reconcile(
    uow: UnitOfWork, *, now: datetime, run_date: date, lookback_days: int = 7
) -> int:
    """Compare payments touched in the last ``lookback_days`` with the log; returns new findings."""
    since = now - timedelta(days=lookback_days)
    payments = list(await uow.session.scalars(select(Payment).where(Payment.updated_at >= since)))
    if not payments:
        return 0
    logs = await uow.session.scalars(
        select(GatewayLog).where(
            GatewayLog.direction == "webhook",
            GatewayLog.external_status.in_(("PAID", "SETTLED")),
            GatewayLog.payment_id.in_([p.id for p in payments]),
        )
    )
    by_payment: dict[object, list[GatewayLog]] = {}
    for log in logs:
        by_payment.setdefault(log.payment_id, []).append(log)
    rows = [
        {
            "run_date": run_date,
            "payment_id": p.id,
            "kind": kind,
            "detail": detail,
            "created_at": now,
        }
        for p in payments
        for kind, detail in findings(p, by_payment.get(p.id, []), now)
    ]
    if not rows:
        return 0
    result = await uow.session.execute(
        insert(ReconciliationIssue)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["run_date", "payment_id", "kind"])
        .returning(ReconciliationIssue.id)
    )
    return len(result.all())
