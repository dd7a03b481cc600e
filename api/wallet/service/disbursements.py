"""Withdrawals at the provider: dispatching requested ones as Xendit disbursements, applying
Xendit's callbacks (COMPLETED, FAILED), and asking about transfers whose callback is overdue.

Dispatch takes one requested withdrawal at a time under its row lock, calls Xendit with the
withdrawal's id as the idempotency key and records the answer in the same transaction. Killed
after Xendit accepted but before the commit, the next run calls again: Xendit refuses the reused
key (``DUPLICATE_TRANSACTION_ERROR``) and the first disbursement is found by our external id —
one transfer, whatever happens.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select

from api.kit.errors import UpstreamError, UpstreamTimeout
from api.kit.logging import get_logger
from api.kit.uow import UnitOfWork, UnitOfWorkFactory
from api.kit.xendit import GatewayResponse
from api.wallet.errors import WithdrawalNotFound
from api.wallet.models import Withdrawal
from api.wallet.schemas import DisbursementCallback
from api.wallet.service import withdrawals
from api.wallet.service.provider_log import log_call, log_callback
from api.wallet.xendit import XenditDisbursements

log = get_logger(__name__)

# Refusals worth trying again later — our balance at Xendit, our credentials, Xendit itself:
# nothing the owner did. Any other refusal of a create is final (no disbursement exists) and
# the withdrawal fails with the money back.
RETRYABLE_ERRORS = frozenset(
    {"INSUFFICIENT_BALANCE", "SERVER_ERROR", "RATE_LIMIT_EXCEEDED", "REQUEST_FORBIDDEN_ERROR",
     "INVALID_API_KEY"}
)  # fmt: skip
RETRYABLE_STATUS = frozenset({401, 403, 408, 429, 500, 502, 503, 504})


async def dispatch_requested(
    uow_factory: UnitOfWorkFactory, provider: XenditDisbursements, *, now: datetime, limit: int = 50
) -> int:
    """Send up to ``limit`` requested withdrawals to the provider; returns how many moved on."""
    moved = 0
    for _ in range(limit):
        async with uow_factory() as uow:
            withdrawal = (
                await uow.session.scalars(
                    select(Withdrawal)
                    .where(Withdrawal.status == "requested", Withdrawal.updated_at <= now)
                    .order_by(Withdrawal.requested_at)
                    .limit(1)
                    .with_for_update(skip_locked=True)
                )
            ).first()
            if withdrawal is None:
                return moved
            try:
                await _dispatch(uow, provider, withdrawal, now=now)
            except (UpstreamError, UpstreamTimeout) as exc:
                # unknown whether Xendit got it: the same idempotency key is sent next time
                log.warning(
                    "disbursement not sent",
                    extra={"withdrawal": str(withdrawal.id), "error": str(exc)},
                )
                return moved
            await uow.commit()
            moved += 1
    return moved


async def _dispatch(
    uow: UnitOfWork, provider: XenditDisbursements, withdrawal: Withdrawal, *, now: datetime
) -> None:
    response = await provider.create_disbursement(
        external_id=withdrawal.number,
        amount=withdrawal.amount,
        bank_code=withdrawal.bank_code,
        account_holder_name=withdrawal.account_holder_name,
        account_number=withdrawal.account_number,
        description=f"LAKOO withdrawal {withdrawal.number}",
        idempotency_key=str(withdrawal.id),
    )
    log_call(uow, response, withdrawal_id=withdrawal.id)
    if response.error_code == "DUPLICATE_TRANSACTION_ERROR":
        response = await provider.disbursements_for(withdrawal.number)
        log_call(uow, response, withdrawal_id=withdrawal.id)
        found: list[dict[str, Any]] = response.body.get("data") or []
        if not response.ok or not found:
            raise UpstreamError("Xendit knows the key but not the disbursement; retry later")
        await _apply_status(uow, withdrawal, found[0], now=now)
        return
    if response.ok:
        await _apply_status(uow, withdrawal, response.body, now=now)
    elif response.error_code in RETRYABLE_ERRORS or response.status_code in RETRYABLE_STATUS:
        withdrawal.updated_at = now + timedelta(minutes=1)  # back off before the next try
        log.warning("disbursement refused for now", extra={"code": response.error_code})
    else:
        code = response.error_code or f"HTTP_{response.status_code}"
        await withdrawals.fail(
            uow, withdrawal, code=code, reason=str(response.body.get("message") or ""), now=now
        )


async def _apply_status(
    uow: UnitOfWork, withdrawal: Withdrawal, disbursement: dict[str, Any], *, now: datetime
) -> str:
    """Move the withdrawal to what the provider says about its disbursement."""
    status = str(disbursement.get("status") or "").upper()
    if withdrawal.status in ("completed", "failed"):
        same = (status == "COMPLETED") == (withdrawal.status == "completed")
        return "duplicate" if same else "ignored"
    if withdrawal.disbursement_id is None and disbursement.get("id"):
        withdrawal.disbursement_id = str(disbursement["id"])
    if status == "COMPLETED":
        await withdrawals.complete(
            uow, withdrawal, transfer_reference=withdrawal.disbursement_id, now=now
        )
        return "applied"
    if status == "FAILED":
        code = str(disbursement.get("failure_code") or "TRANSFER_FAILED")
        await withdrawals.fail(uow, withdrawal, code=code, reason=None, now=now)
        return "applied"
    if withdrawal.status == "requested":
        withdrawal.status = "processing"
        withdrawal.processing_at = now
    withdrawal.updated_at = now
    return "pending"


async def apply_callback(uow: UnitOfWork, *, callback: DisbursementCallback, now: datetime) -> str:
    """Apply one verified callback; returns what it did: applied, duplicate, pending, ignored."""
    withdrawal = (
        await uow.session.scalars(
            select(Withdrawal)
            .where(
                or_(
                    Withdrawal.number == callback.external_id,
                    Withdrawal.disbursement_id == callback.id,
                )
            )
            .with_for_update()
        )
    ).first()
    body = callback.model_dump(mode="json")
    if withdrawal is None:
        log_callback(uow, body=body, withdrawal_id=None, outcome="unknown")
        raise WithdrawalNotFound(f"No withdrawal {callback.external_id}")
    if callback.amount is not None and callback.amount != withdrawal.amount:
        outcome = "amount_mismatch"  # not ours to apply; the reconciliation shows it
    else:
        outcome = await _apply_status(uow, withdrawal, body, now=now)
    log_callback(uow, body=body, withdrawal_id=withdrawal.id, outcome=outcome)
    return outcome


async def poll_overdue(
    uow_factory: UnitOfWorkFactory,
    provider: XenditDisbursements,
    *,
    now: datetime,
    overdue_after: timedelta,
    limit: int = 50,
) -> int:
    """Ask the provider about processing withdrawals whose callback is overdue."""
    asked = 0
    async with uow_factory() as uow:
        overdue = list(
            await uow.session.scalars(
                select(Withdrawal)
                .where(
                    Withdrawal.status == "processing",
                    Withdrawal.updated_at <= now - overdue_after,
                    Withdrawal.disbursement_id.is_not(None),
                )
                .order_by(Withdrawal.updated_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        for withdrawal in overdue:
            response: GatewayResponse = await provider.get_disbursement(
                str(withdrawal.disbursement_id)
            )
            log_call(uow, response, withdrawal_id=withdrawal.id)
            if response.ok:
                await _apply_status(uow, withdrawal, response.body, now=now)
                asked += 1
        await uow.commit()
    return asked
