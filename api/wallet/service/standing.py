"""Who may withdraw, as the wallet learns it from other services' events: verified buyers
(``user.verified``) and active sellers (``seller.verified`` / ``seller.suspended`` /
``seller.reinstated``); and the name a buyer's bank account must carry (``user.registered``).

Events of one user arrive in order, but an older event may be redelivered after a newer one was
applied: each change is kept only if it is newer than what is stored.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from api.kit.uow import UnitOfWork
from api.wallet.errors import WithdrawalNotAllowed
from api.wallet.models import SellerStanding, UserProfile


async def record_name(uow: UnitOfWork, *, user_id: UUID, full_name: str, at: datetime) -> None:
    """The name the user registered with."""
    statement = insert(UserProfile).values(user_id=user_id, full_name=full_name, updated_at=at)
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=["user_id"],
            set_={"full_name": statement.excluded.full_name, "updated_at": at},
        )
    )


async def record_verified(uow: UnitOfWork, *, user_id: UUID, at: datetime) -> None:
    """The user proved their email or phone: a verified buyer from now on."""
    statement = insert(UserProfile).values(user_id=user_id, verified_at=at, updated_at=at)
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=["user_id"],
            set_={"verified_at": statement.excluded.verified_at, "updated_at": at},
            where=UserProfile.verified_at.is_(None),
        )
    )


async def record_seller(uow: UnitOfWork, *, user_id: UUID, status: str, at: datetime) -> None:
    """The seller's standing as of ``at`` (an older event never overwrites a newer one)."""
    statement = insert(SellerStanding).values(user_id=user_id, status=status, changed_at=at)
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=["user_id"],
            set_={"status": statement.excluded.status, "changed_at": at},
            where=SellerStanding.changed_at <= at,
        )
    )


async def registered_name(uow: UnitOfWork, user_id: UUID) -> str | None:
    profile = await uow.session.get(UserProfile, user_id)
    return profile.full_name if profile else None


async def ensure_may_withdraw(uow: UnitOfWork, *, user_id: UUID, owner_type: str) -> None:
    """409 ``withdrawal-not-allowed`` unless the owner is an active seller / a verified buyer."""
    if owner_type == "seller":
        status = (
            await uow.session.execute(
                select(SellerStanding.status).where(SellerStanding.user_id == user_id)
            )
        ).scalar_one_or_none()
        if status != "active":
            raise WithdrawalNotAllowed(
                "Only active sellers withdraw"
                + (" (this shop is suspended)" if status == "suspended" else "")
            )
        return
    verified = (
        await uow.session.execute(
            select(UserProfile.verified_at).where(UserProfile.user_id == user_id)
        )
    ).scalar_one_or_none()
    if verified is None:
        raise WithdrawalNotAllowed("Only verified buyers withdraw: verify your email or phone")
