"""Withdrawals (DESIGN §10): the owner's own requests, and the seller service's weekly
auto-payout (internal). Both answer ``201`` with the withdrawal ``requested``; the provider is
called by the worker's dispatch job."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from api.kit.access import owner
from api.kit.auth import InternalCall
from api.kit.deps import Uow
from api.kit.schemas import Page, Paging
from api.wallet.models import Withdrawal
from api.wallet.routes.deps import (
    IdempotencyKeyHeader,
    OwnerQuery,
    Settings,
    WalletOwner,
    Wallets,
    owner_type_for,
)
from api.wallet.schemas import InternalWithdrawalCreate, WithdrawalCreate, WithdrawalRead
from api.wallet.service import withdrawals

router = APIRouter(tags=["withdrawals"])


def read(withdrawal: Withdrawal) -> WithdrawalRead:
    return WithdrawalRead(
        id=withdrawal.id,
        number=withdrawal.number,
        status=withdrawal.status,
        amount=withdrawal.amount,
        owner_type=withdrawal.owner_type,
        bank_code=withdrawal.bank_code,
        account_number_last4=withdrawal.account_number[-4:],
        source=withdrawal.source,
        failure_code=withdrawal.failure_code,
        failure_reason=withdrawal.failure_reason,
        requested_at=withdrawal.requested_at,
        processing_at=withdrawal.processing_at,
        completed_at=withdrawal.completed_at,
        failed_at=withdrawal.failed_at,
    )


@router.post("/api/wallets/me/withdrawals", status_code=201)
@owner("the caller's own wallet and payout account")
async def withdraw(
    body: WithdrawalCreate,
    principal: WalletOwner,
    key: IdempotencyKeyHeader,
    uow: Uow,
    wallets: Wallets,
    settings: Settings,
    response: Response,
    owner_type: OwnerQuery = None,
) -> WithdrawalRead:
    """Move ``amount`` of withdrawable money to the caller's validated bank account (active
    sellers, verified buyers; at least Rp 10,000); the same key answers the same withdrawal."""
    withdrawal, created = await withdrawals.request(
        uow,
        wallets,
        user_id=principal.user_id,
        owner_type=owner_type_for(principal, owner_type),
        amount=body.amount,
        key=key,
        source="owner",
        now=settings.now(),
        minimum=settings.min_withdrawal,
    )
    await uow.commit()
    response.status_code = 201 if created else 200
    return read(withdrawal)


@router.get("/api/wallets/me/withdrawals")
@owner("the caller's own wallet and payout account")
async def my_withdrawals(
    principal: WalletOwner, uow: Uow, paging: Paging, owner_type: OwnerQuery = None
) -> Page[WithdrawalRead]:
    """The caller's withdrawals, newest first."""
    rows, total = await withdrawals.mine(
        uow,
        user_id=principal.user_id,
        owner_type=owner_type_for(principal, owner_type),
        paging=paging,
    )
    return Page[WithdrawalRead](
        items=[read(row) for row in rows], total=total, page=paging.page, page_size=paging.page_size
    )


@router.get("/api/wallets/me/withdrawals/{withdrawal_id}")
@owner("the caller's own withdrawal (another user's is 404)")
async def my_withdrawal(withdrawal_id: UUID, principal: WalletOwner, uow: Uow) -> WithdrawalRead:
    """One of the caller's withdrawals (another user's answers 404)."""
    return read(
        await withdrawals.one_of_mine(uow, user_id=principal.user_id, withdrawal_id=withdrawal_id)
    )


@router.post("/internal/wallets/withdrawals", status_code=201, dependencies=[InternalCall])
@owner("the wallet of the owner named in the body (weekly auto-payout)")
async def withdraw_for_owner(
    body: InternalWithdrawalCreate,
    uow: Uow,
    wallets: Wallets,
    settings: Settings,
    response: Response,
) -> WithdrawalRead:
    """The weekly auto-payout: withdraw ``amount`` (default: everything withdrawable) for the
    owner, under the same rules as the owner's own request."""
    withdrawal, created = await withdrawals.request(
        uow,
        wallets,
        user_id=body.user_id,
        owner_type=body.owner_type,
        amount=body.amount,
        key=f"auto:{body.idempotency_key}",
        source="auto_payout",
        now=settings.now(),
        minimum=settings.min_withdrawal,
    )
    await uow.commit()
    response.status_code = 201 if created else 200
    return read(withdrawal)
