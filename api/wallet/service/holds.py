"""Reading holds (their changes are ledger operations, :mod:`movements`), and the expiry job's
work: holds whose time ran out are released back to the wallet."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.uow import UnitOfWork
from api.wallet.errors import HoldNotFound
from api.wallet.models import Hold, Wallet
from api.wallet.schemas import HoldRead
from api.wallet.service import movements
from api.wallet.service.ledger.engine import Posted, post_in


async def read_hold(session: AsyncSession, hold_id: UUID) -> HoldRead:
    """A checkout hold as the internal routes answer it (a withdrawal's hold is not theirs)."""
    row = (
        await session.execute(
            select(Hold, Wallet.user_id, Wallet.owner_type)
            .join(Wallet, Wallet.id == Hold.wallet_id)
            .where(Hold.id == hold_id, Hold.purpose == "checkout")
        )
    ).first()
    if row is None:
        raise HoldNotFound(f"Hold {hold_id} not found")
    hold, user_id, owner_type = row
    return HoldRead(
        hold_id=hold.id,
        status=hold.status,
        wallet_id=hold.wallet_id,
        user_id=user_id,
        owner_type=owner_type,
        amount=hold.amount,
        captured_amount=hold.captured_amount,
        released_amount=hold.amount - hold.captured_amount if hold.status != "active" else 0,
        promotional_amount=hold.promotional_amount,
        reference_type=hold.reference_type,
        reference_id=hold.reference_id,
        expires_at=hold.expires_at,
        transaction_id=hold.settle_transaction_id or hold.hold_transaction_id,
        created_at=hold.created_at,
        settled_at=hold.settled_at,
    )


async def expire_due(uow: UnitOfWork, *, now: datetime, batch_size: int) -> int:
    """Release up to ``batch_size`` active holds past their expiry; returns how many."""
    due = list(
        await uow.session.scalars(
            select(Hold.id)
            .where(Hold.status == "active", Hold.purpose == "checkout", Hold.expires_at <= now)
            .order_by(Hold.id)
            .limit(batch_size)
            # another worker may run the same job: each takes different holds
            .with_for_update(skip_locked=True)
        )
    )
    if not due:
        return 0
    outcomes = await post_in(
        uow, [movements.release(hold_id, outcome="expired") for hold_id in due], now=now
    )
    return sum(1 for outcome in outcomes if isinstance(outcome, Posted) and not outcome.replayed)
