"""Applying to sell, reading a shop, the seller's preferences.

A shop's id is its user's id (one shop per account), so "the caller's shop" is a primary-key
lookup and another user's shop can never be reached through ``/me``. An application writes the
shop and ``seller.registered`` together; a rejected applicant may apply again (same shop, back
to ``pending``). Two first applications of one user at once: the second meets the primary key
and answers 409, like a slug another shop took a moment earlier.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from api.events.seller import SellerRegistered
from api.kit.numbering import next_number
from api.kit.slugs import slugify, unique_suffix
from api.kit.uow import UnitOfWork
from api.seller.errors import AlreadyApplied, SellerNotFound, ShopSlugTaken
from api.seller.models import Seller, SellerDocument, seller_numbers
from api.seller.schemas import PickupAddressRead, SellerCreate, SellerRead


async def get(uow: UnitOfWork, seller_id: UUID, *, for_update: bool = False) -> Seller:
    """The shop, or 404."""
    seller = await uow.session.get(Seller, seller_id, with_for_update=for_update)
    if seller is None:
        raise SellerNotFound(f"Seller {seller_id} not found")
    return seller


async def _free_slug(uow: UnitOfWork, name: str, seller_id: UUID) -> str:
    slug = slugify(name, max_length=60)
    owner = await uow.session.scalar(select(Seller.id).where(Seller.shop_slug == slug))
    return slug if owner in (None, seller_id) else unique_suffix(slug)


def _pickup(address: dict[str, Any]) -> dict[str, Any]:
    return {
        f"pickup_{name}": address[name]
        for name in (
            "recipient_name",
            "phone",
            "street",
            "village_code",
            "village",
            "district",
            "city",
            "province",
            "postal_code",
        )
    }


async def apply(
    uow: UnitOfWork, *, user_id: UUID, body: SellerCreate, pickup: dict[str, Any], now: datetime
) -> Seller:
    """A new shop (``pending``), or a rejected one applying again; 409 if one is in play."""
    seller = await uow.session.get(Seller, user_id, with_for_update=True)
    if seller is not None and seller.status != "rejected":
        raise AlreadyApplied(f"You already have a shop ({seller.status})")
    fields = {
        "shop_name": body.shop_name,
        "shop_slug": await _free_slug(uow, body.shop_name, user_id),
        "business_type": body.business_type,
        "legal_name": body.legal_name,
        "status": "pending",
        "status_reason": None,
        "applied_at": now,
        "updated_at": now,
        **_pickup(pickup),
    }
    if seller is None:
        number = await next_number(uow.session, seller_numbers, "SLR", now)
        seller = Seller(
            id=user_id, number=number, commission_rate_bps=0, auto_payout=True, **fields
        )
        uow.session.add(seller)
    else:
        for name, value in fields.items():
            setattr(seller, name, value)
    try:
        async with uow.session.begin_nested():
            await uow.session.flush()
    except IntegrityError as exc:
        if "shop_slug" in str(exc.orig):
            raise ShopSlugTaken(f"The shop name {body.shop_name!r} was just taken") from exc
        raise AlreadyApplied("You already have a shop") from exc
    await uow.outbox.add(
        SellerRegistered(
            seller_id=seller.id,
            seller_number=seller.number,
            user_id=seller.id,
            shop_name=seller.shop_name,
            shop_slug=seller.shop_slug,
            business_type=body.business_type,
            registered_at=now,
        ),
        aggregate_id=seller.id,
    )
    return seller


async def read(uow: UnitOfWork, seller: Seller) -> SellerRead:
    """The shop with the kinds of document it has uploaded."""
    kinds = await uow.session.scalars(
        select(SellerDocument.kind).where(SellerDocument.seller_id == seller.id).distinct()
    )
    return SellerRead(
        id=seller.id,
        number=seller.number,
        user_id=seller.id,
        shop_name=seller.shop_name,
        shop_slug=seller.shop_slug,
        business_type=seller.business_type,
        legal_name=seller.legal_name,
        status=seller.status,
        status_reason=seller.status_reason,
        commission_rate_bps=seller.commission_rate_bps,
        auto_payout=seller.auto_payout,
        pickup_address=PickupAddressRead(
            recipient_name=seller.pickup_recipient_name,
            phone=seller.pickup_phone,
            street=seller.pickup_street,
            village_code=seller.pickup_village_code,
            village=seller.pickup_village,
            district=seller.pickup_district,
            city=seller.pickup_city,
            province=seller.pickup_province,
            postal_code=seller.pickup_postal_code,
        ),
        documents=sorted(kinds),
        applied_at=seller.applied_at,
        verified_at=seller.verified_at,
    )


async def set_auto_payout(
    uow: UnitOfWork, *, seller_id: UUID, enabled: bool, now: datetime
) -> Seller:
    """Turn the weekly auto-payout on or off."""
    seller = await get(uow, seller_id, for_update=True)
    seller.auto_payout = enabled
    seller.updated_at = now
    return seller


async def list_sellers(
    uow: UnitOfWork, *, status: str | None, offset: int, limit: int
) -> tuple[list[Seller], int]:
    """Shops for admins, newest application first, optionally of one status."""
    query = select(Seller)
    if status:
        query = query.where(Seller.status == status)
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await uow.session.scalars(
        query.order_by(Seller.applied_at.desc(), Seller.id).offset(offset).limit(limit)
    )
    return list(rows), int(total or 0)


async def active_by_slug(uow: UnitOfWork, slug: str) -> Seller:
    """An active shop by its slug (a shop not active does not exist to the public)."""
    seller = await uow.session.scalar(
        select(Seller).where(Seller.shop_slug == slug, Seller.status == "active")
    )
    if seller is None:
        raise SellerNotFound(f"No shop {slug!r}")
    return seller
