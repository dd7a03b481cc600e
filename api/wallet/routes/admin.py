"""Admins' money movements (DESIGN §10) and what admins audit: promotions (spendable, never
withdrawable) and adjustments (withdrawable), each with a reason and the admin's id recorded on
the immutable transaction; the list of those actions; the daily reconciliation's findings."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from fastapi import APIRouter
from sqlalchemy import func, select

from api.kit.access import owner
from api.kit.auth import Principal
from api.kit.deps import Uow
from api.kit.responses import JsonResponse
from api.kit.schemas import Page, Paging
from api.wallet.models import LedgerTransaction
from api.wallet.routes.deps import Admin, IdempotencyKeyHeader, Ledger, Wallets
from api.wallet.routes.internal import answered
from api.wallet.schemas import (
    AdjustmentCreate,
    LedgerTransactionRead,
    PromotionCreate,
    ReconciliationRunRead,
)
from api.wallet.service import movements, reconciliation
from api.wallet.service.ledger.operations import Operation, WalletRef
from api.wallet.service.wallets import owned_wallet

router = APIRouter(tags=["admin"])


@router.get("/api/wallets/admin-actions")
@owner("every admin action on any wallet (admin only)")
async def admin_actions(principal: Admin, uow: Uow, paging: Paging) -> Page[LedgerTransactionRead]:
    """Every promotion and adjustment an admin made, newest first (who, what, why, when)."""
    where = LedgerTransaction.created_by.is_not(None)
    total = (
        await uow.session.execute(select(func.count()).select_from(LedgerTransaction).where(where))
    ).scalar_one()
    rows = await uow.session.scalars(
        select(LedgerTransaction)
        .where(where)
        .order_by(LedgerTransaction.created_at.desc(), LedgerTransaction.number.desc())
        .offset(paging.offset)
        .limit(paging.page_size)
    )
    return Page[LedgerTransactionRead](
        items=[LedgerTransactionRead.model_validate(row) for row in rows],
        total=total,
        page=paging.page,
        page_size=paging.page_size,
    )


@router.get("/api/wallets/reconciliation")
@owner("the ledger-wide reconciliation runs (admin only)")
async def latest_reconciliation(principal: Admin, uow: Uow) -> ReconciliationRunRead:
    """The latest daily reconciliation of the ledger with its findings."""
    return await reconciliation.latest(uow.session)


@router.post(
    "/api/wallets/{wallet_id}/promotions", status_code=201, response_model=LedgerTransactionRead
)
@owner("the wallet in the path (admin only)")
async def grant_promotion(
    wallet_id: UUID,
    body: PromotionCreate,
    principal: Admin,
    key: IdempotencyKeyHeader,
    uow: Uow,
    wallets: Wallets,
    ledger: Ledger,
) -> JsonResponse:
    """Grant promotional credit from ``platform:promotions`` (spendable, never withdrawable)."""
    wallet = await owned_wallet(uow, wallets, wallet_id=wallet_id, principal=principal)
    op = _admins(movements.credit, wallet, "promotion", key, body.amount, body.reason, principal)
    return answered(await ledger.submit(op))


@router.post(
    "/api/wallets/{wallet_id}/adjustments", status_code=201, response_model=LedgerTransactionRead
)
@owner("the wallet in the path (admin only)")
async def adjust(
    wallet_id: UUID,
    body: AdjustmentCreate,
    principal: Admin,
    key: IdempotencyKeyHeader,
    uow: Uow,
    wallets: Wallets,
    ledger: Ledger,
) -> JsonResponse:
    """Correct a mistake: credit (or debit) withdrawable money against
    ``platform:adjustments``; a debit never takes the wallet below zero (409)."""
    wallet = await owned_wallet(uow, wallets, wallet_id=wallet_id, principal=principal)
    build = movements.credit if body.direction == "credit" else movements.debit
    op = _admins(build, wallet, "adjustment", key, body.amount, body.reason, principal)
    return answered(await ledger.submit(op))


def _admins(
    build: Callable[..., Operation],
    wallet: WalletRef,
    reason: str,
    key: str,
    amount: int,
    why: str,
    admin: Principal,
) -> Operation:
    """An admin's movement: the key scoped to the wallet, the admin and the reason recorded on
    the transaction (the ledger is the audit trail)."""
    return build(
        wallet,
        key=f"{reason}:{wallet.id}:{key}",
        amount=amount,
        reason=reason,
        reference_type="admin",
        reference_id=str(admin.user_id),
        description=why,
        created_by=admin.user_id,
    )
