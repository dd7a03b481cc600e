"""Withdrawals: ``requested`` (a hold on withdrawable money) → ``processing`` (a disbursement at
the provider) → ``completed`` (the hold captured into ``platform:payouts``) or ``failed`` (the
hold voided: the money is back, the balance as it was).

Only active sellers and verified buyers withdraw, at least the minimum, only to their validated
payout account once it is usable. The request and its hold commit together; the provider is
called afterwards by the dispatch job (:mod:`disbursements`), so a slow bank never holds a
request open and a crash never loses or repeats a transfer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import func, select

from api.events.wallet import WithdrawalCompleted, WithdrawalFailed, WithdrawalRequested
from api.kit.errors import Unprocessable
from api.kit.numbering import next_number
from api.kit.schemas import PageParams
from api.kit.uow import UnitOfWork
from api.wallet.errors import (
    IdempotencyKeyReused,
    InsufficientBalance,
    NoPayoutAccount,
    NothingToWithdraw,
    PayoutAccountBlocked,
    PayoutAccountNotFound,
    WithdrawalNotFound,
)
from api.wallet.models import Account, Withdrawal, withdrawal_numbers
from api.wallet.service import movements, payout_accounts, standing
from api.wallet.service.ledger.accounts import Part, wallet_account_id
from api.wallet.service.ledger.engine import post_one
from api.wallet.service.ledger.operations import request_hash
from api.wallet.service.wallets import WalletDirectory


async def request(
    uow: UnitOfWork,
    wallets: WalletDirectory,
    *,
    user_id: UUID,
    owner_type: str,
    amount: int | None,
    key: str,
    source: str,
    now: datetime,
    minimum: int,
) -> tuple[Withdrawal, bool]:
    """The withdrawal for ``key`` and whether this call created it (a repeat answers the first).

    ``amount`` None (the weekly auto-payout) withdraws everything withdrawable."""
    scoped_key = f"withdrawal:{user_id}:{owner_type}:{key}"
    fingerprint = request_hash(user_id=user_id, owner_type=owner_type, amount=amount)
    # a concurrent request with the same key waits here, then finds this one's withdrawal
    await uow.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(scoped_key))))
    earlier = (
        await uow.session.scalars(
            select(Withdrawal).where(Withdrawal.idempotency_key == scoped_key)
        )
    ).first()
    if earlier is not None:
        if earlier.request_hash != fingerprint:
            raise IdempotencyKeyReused("This Idempotency-Key was used for another withdrawal")
        return earlier, False

    if amount is not None and amount < minimum:
        raise Unprocessable(f"A withdrawal is at least Rp {minimum}", field="amount")
    await standing.ensure_may_withdraw(uow, user_id=user_id, owner_type=owner_type)
    try:
        account = await payout_accounts.active_account(uow, user_id=user_id, owner_type=owner_type)
    except PayoutAccountNotFound:
        raise NoPayoutAccount("Withdrawals go to a validated bank account: register one") from None
    if account.usable_from is None or account.usable_from > now:
        raise PayoutAccountBlocked(
            "The payout account was replaced recently; withdrawals resume at "
            f"{account.usable_from.isoformat() if account.usable_from else 'validation'}",
            withdrawals_blocked_until=account.usable_from.isoformat()
            if account.usable_from
            else None,
        )
    wallet = await wallets.find(uow.session, user_id, owner_type)
    withdrawable = 0 if wallet is None else await _withdrawable(uow, wallet.id)
    if amount is None:
        if withdrawable < minimum:
            raise NothingToWithdraw(
                f"Rp {withdrawable} is withdrawable, less than the minimum Rp {minimum}"
            )
        amount = withdrawable
    if wallet is None or amount > withdrawable:
        raise InsufficientBalance(
            f"Rp {withdrawable} is withdrawable (promotional credit cannot be withdrawn), "
            f"less than the Rp {amount} asked for",
            available=withdrawable,
        )

    withdrawal_id = uuid4()
    hold_op = movements.hold(
        wallet,
        key=f"hold:withdrawal:{withdrawal_id}",
        hold_id=uuid4(),
        amount=amount,
        purpose="withdrawal",
        reference_type="withdrawal",
        reference_id=str(withdrawal_id),
        expires_at=None,
    )
    await post_one(uow, hold_op, now=now)
    withdrawal = Withdrawal(
        id=withdrawal_id,
        number=await next_number(uow.session, withdrawal_numbers, "WDR", now),
        idempotency_key=scoped_key,
        request_hash=fingerprint,
        wallet_id=wallet.id,
        user_id=user_id,
        owner_type=owner_type,
        amount=amount,
        status="requested",
        hold_id=hold_op.hold_id,
        payout_account_id=account.id,
        bank_code=account.bank_code,
        account_number=account.account_number,
        account_holder_name=account.bank_holder_name or account.submitted_holder_name,
        source=source,
        requested_at=now,
        updated_at=now,
    )
    uow.session.add(withdrawal)
    await uow.session.flush()
    await uow.outbox.add(
        WithdrawalRequested(**event_fields(withdrawal), requested_at=now),
        aggregate_id=withdrawal.id,
    )
    return withdrawal, True


async def _withdrawable(uow: UnitOfWork, wallet_id: UUID) -> int:
    balance = await uow.session.scalar(
        select(Account.balance).where(Account.id == wallet_account_id(wallet_id, Part.available))
    )
    return int(balance or 0)


def event_fields(withdrawal: Withdrawal) -> dict[str, Any]:
    """The fields every ``withdrawal.*`` event carries (never the full account number)."""
    return {
        "withdrawal_id": withdrawal.id,
        "withdrawal_number": withdrawal.number,
        "wallet_id": withdrawal.wallet_id,
        "user_id": withdrawal.user_id,
        "owner_type": withdrawal.owner_type,
        "amount": withdrawal.amount,
        "currency": "IDR",
        "bank_code": withdrawal.bank_code,
        "account_number_last4": withdrawal.account_number[-4:],
    }


async def complete(
    uow: UnitOfWork, withdrawal: Withdrawal, *, transfer_reference: str | None, now: datetime
) -> None:
    """The bank received the money: capture the hold, announce ``withdrawal.completed``."""
    op = movements.capture(
        withdrawal.hold_id, key=f"withdrawal:{withdrawal.id}", amount=None, purpose="withdrawal"
    )
    await post_one(uow, op, now=now)
    withdrawal.status = "completed"
    withdrawal.completed_at = now
    withdrawal.updated_at = now
    await uow.outbox.add(
        WithdrawalCompleted(
            **event_fields(withdrawal), transfer_reference=transfer_reference, completed_at=now
        ),
        aggregate_id=withdrawal.id,
    )


async def fail(
    uow: UnitOfWork, withdrawal: Withdrawal, *, code: str, reason: str | None, now: datetime
) -> None:
    """The transfer failed: void the hold (the money is back), announce ``withdrawal.failed``."""
    void = movements.release(withdrawal.hold_id, outcome="voided", purpose="withdrawal")
    await post_one(uow, void, now=now)
    withdrawal.status = "failed"
    withdrawal.failure_code = code
    withdrawal.failure_reason = reason
    withdrawal.failed_at = now
    withdrawal.updated_at = now
    await uow.outbox.add(
        WithdrawalFailed(
            **event_fields(withdrawal), failure_code=code, failure_reason=reason, failed_at=now
        ),
        aggregate_id=withdrawal.id,
    )


async def mine(
    uow: UnitOfWork, *, user_id: UUID, owner_type: str, paging: PageParams
) -> tuple[list[Withdrawal], int]:
    """The owner's withdrawals, newest first."""
    where = (Withdrawal.user_id == user_id, Withdrawal.owner_type == owner_type)
    total = (
        await uow.session.execute(select(func.count()).select_from(Withdrawal).where(*where))
    ).scalar_one()
    rows = await uow.session.scalars(
        select(Withdrawal)
        .where(*where)
        .order_by(Withdrawal.requested_at.desc())
        .offset(paging.offset)
        .limit(paging.page_size)
    )
    return list(rows), total


async def one_of_mine(uow: UnitOfWork, *, user_id: UUID, withdrawal_id: UUID) -> Withdrawal:
    withdrawal = await uow.session.get(Withdrawal, withdrawal_id)
    if withdrawal is None or withdrawal.user_id != user_id:
        raise WithdrawalNotFound(f"Withdrawal {withdrawal_id} not found")
    return withdrawal
