"""Where each order's parcel leaves from: the central warehouse for house orders, the seller's
pickup postcode for a seller's (learnt from ``seller.verified``). A seller whose verification has
not reached the order service yet ships from ``ORDER_SELLER_ORIGIN_POSTAL_CODE``, logged so the
gap is visible: the courier re-quotes at booking from the real pickup address anyway."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from api.kit.uow import UnitOfWork, UnitOfWorkFactory
from api.order.models import SellerOrigin


async def remember(uow: UnitOfWork, *, seller_id: UUID, postal_code: str, at: datetime) -> None:
    """Record a seller's pickup postcode (a newer fact wins)."""
    statement = insert(SellerOrigin).values(
        seller_id=seller_id, postal_code=postal_code, updated_at=at
    )
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=[SellerOrigin.seller_id],
            set_={"postal_code": statement.excluded.postal_code, "updated_at": at},
            where=SellerOrigin.updated_at <= statement.excluded.updated_at,
        )
    )


async def pickup_postcodes(uows: UnitOfWorkFactory, seller_ids: Iterable[UUID]) -> dict[UUID, str]:
    """The known pickup postcodes of ``seller_ids``."""
    ids = sorted(set(seller_ids))
    if not ids:
        return {}
    async with uows() as uow:
        rows = await uow.session.execute(
            select(SellerOrigin.seller_id, SellerOrigin.postal_code).where(
                SellerOrigin.seller_id.in_(ids)
            )
        )
        return {seller_id: postal_code for seller_id, postal_code in rows}
