"""Admins' routes: the shops to review, and verify / reject / suspend / reinstate, commission.
A shop's owner may read its own shop and commission history by id; anyone else gets 404."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.kit.access import owner
from api.kit.auth import CurrentPrincipal
from api.kit.deps import Uow
from api.kit.schemas import Page, Paging
from api.seller.errors import SellerNotFound
from api.seller.routes.deps import Admin, Clients, Settings
from api.seller.schemas import (
    CommissionRateRead,
    CommissionUpdate,
    SellerRead,
    SellerStatus,
    StatusReason,
    Verify,
)
from api.seller.service import moderation, shops

router = APIRouter(tags=["sellers (admin)"])


def _visible(principal: CurrentPrincipal, seller_id: UUID) -> None:
    # another seller's shop answers as if it did not exist: ids are not probed through 403s
    if not principal.is_admin and principal.user_id != seller_id:
        raise SellerNotFound(f"Seller {seller_id} not found")


@router.get("/api/sellers")
@owner("every shop (admins)")
async def list_sellers(
    uow: Uow,
    admin: Admin,
    paging: Paging,
    status: Annotated[SellerStatus | None, Query()] = None,
) -> Page[SellerRead]:
    """Every shop (``?status=pending`` for the review queue), newest application first."""
    rows, total = await shops.list_sellers(
        uow, status=status, offset=paging.offset, limit=paging.page_size
    )
    return Page(
        items=[await shops.read(uow, row) for row in rows],
        total=total,
        page=paging.page,
        page_size=paging.page_size,
    )


@router.get("/api/sellers/{seller_id}")
@owner("the caller's own shop; admin any; another shop answers 404")
async def read_seller(seller_id: UUID, uow: Uow, principal: CurrentPrincipal) -> SellerRead:
    """One shop (admins; its owner)."""
    _visible(principal, seller_id)
    return await shops.read(uow, await shops.get(uow, seller_id))


@router.post("/api/sellers/{seller_id}/verify")
@owner("any shop (admins)")
async def verify(
    seller_id: UUID,
    uow: Uow,
    admin: Admin,
    clients: Clients,
    settings: Settings,
    body: Verify | None = None,
) -> SellerRead:
    """``pending → active`` (documents complete): the user becomes a seller in auth."""
    seller = await moderation.verify(
        uow,
        clients,
        seller_id=seller_id,
        rate_bps=(body or Verify()).commission_rate_bps,
        admin_id=admin.user_id,
        now=settings.now(),
    )
    await uow.commit()
    return await shops.read(uow, seller)


@router.post("/api/sellers/{seller_id}/reject")
@owner("any shop (admins)")
async def reject(
    seller_id: UUID, body: StatusReason, uow: Uow, admin: Admin, settings: Settings
) -> SellerRead:
    """``pending → rejected`` (the user may apply again)."""
    seller = await moderation.reject(
        uow, seller_id=seller_id, reason=body.reason, admin_id=admin.user_id, now=settings.now()
    )
    await uow.commit()
    return await shops.read(uow, seller)


@router.post("/api/sellers/{seller_id}/suspend")
@owner("any shop (admins)")
async def suspend(
    seller_id: UUID, body: StatusReason, uow: Uow, admin: Admin, settings: Settings
) -> SellerRead:
    """``active → suspended``: the shop's products leave search, withdrawals stop."""
    seller = await moderation.suspend(
        uow, seller_id=seller_id, reason=body.reason, admin_id=admin.user_id, now=settings.now()
    )
    await uow.commit()
    return await shops.read(uow, seller)


@router.post("/api/sellers/{seller_id}/reinstate")
@owner("any shop (admins)")
async def reinstate(seller_id: UUID, uow: Uow, admin: Admin, settings: Settings) -> SellerRead:
    """``suspended → active``."""
    seller = await moderation.reinstate(
        uow, seller_id=seller_id, admin_id=admin.user_id, now=settings.now()
    )
    await uow.commit()
    return await shops.read(uow, seller)


@router.put("/api/sellers/{seller_id}/commission")
@owner("any shop (admins)")
async def change_commission(
    seller_id: UUID, body: CommissionUpdate, uow: Uow, admin: Admin, settings: Settings
) -> SellerRead:
    """A new commission rate, used by settlements from next WIB Monday."""
    seller = await moderation.change_commission(
        uow,
        seller_id=seller_id,
        rate_bps=body.commission_rate_bps,
        admin_id=admin.user_id,
        now=settings.now(),
    )
    await uow.commit()
    return await shops.read(uow, seller)


@router.get("/api/sellers/{seller_id}/commission-history")
@owner("the caller's own shop; admin any; another shop answers 404")
async def commission_history(
    seller_id: UUID, uow: Uow, principal: CurrentPrincipal
) -> list[CommissionRateRead]:
    """Every rate the shop has had and from when (admins; its owner)."""
    _visible(principal, seller_id)
    rows = await moderation.commission_history(uow, seller_id=seller_id)
    return [CommissionRateRead.model_validate(row) for row in rows]
