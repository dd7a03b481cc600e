"""Admins' decisions on a shop: verify, reject, suspend, reinstate, and its commission rate.

Statuses (DOMAIN seller): ``pending → active | rejected`` (a rejected user may apply again),
``active ↔ suspended``; anything else is a 409. Verification needs the business type's documents
and makes the user a ``seller`` in auth before the shop turns active: auth's role change is
idempotent, so a verification that fails after it (and is retried) does no harm, and a shop is
never active while its user cannot act as a seller.

A commission rate is in force from the WIB Monday after it was set (settlements use the rate of
their week); the first rate, set at verification, from the Monday of that week.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

from sqlalchemy import select

from api.events.seller import (
    SellerCommissionChanged,
    SellerReinstated,
    SellerRejected,
    SellerSuspended,
    SellerVerified,
)
from api.kit.numbering import WIB
from api.kit.uow import UnitOfWork
from api.seller.errors import DocumentsMissing, IllegalTransition
from api.seller.models import CommissionRate, Seller, SellerDocument
from api.seller.service.shops import get
from api.seller.upstream import Upstreams

REQUIRED_DOCUMENTS = {"individual": frozenset({"ktp"}), "company": frozenset({"nib", "npwp"})}


def week_start(at: datetime) -> date:
    """The WIB Monday of the week ``at`` falls in."""
    day = at.astimezone(WIB).date()
    return day - timedelta(days=day.weekday())


def _require(seller: Seller, *allowed: str, action: str) -> None:
    if seller.status not in allowed:
        raise IllegalTransition(f"A {seller.status} shop cannot be {action}")


async def missing_documents(uow: UnitOfWork, seller: Seller) -> list[str]:
    """The kinds of document the shop's business type needs and it has not uploaded."""
    kinds = set(
        await uow.session.scalars(
            select(SellerDocument.kind).where(SellerDocument.seller_id == seller.id)
        )
    )
    return sorted(REQUIRED_DOCUMENTS[seller.business_type] - kinds)


async def verify(
    uow: UnitOfWork,
    upstreams: Upstreams,
    *,
    seller_id: UUID,
    rate_bps: int,
    admin_id: UUID,
    now: datetime,
) -> Seller:
    """``pending → active``: the user becomes a seller in auth, the first commission rate."""
    seller = await get(uow, seller_id, for_update=True)
    _require(seller, "pending", action="verified")
    if missing := await missing_documents(uow, seller):
        raise DocumentsMissing(
            f"A {seller.business_type} shop needs its {', '.join(missing)} before verification",
            missing=missing,
        )
    await upstreams.make_seller(seller.id, changed_by=admin_id)
    seller.status, seller.status_reason = "active", None
    seller.verified_at, seller.verified_by, seller.updated_at = now, admin_id, now
    seller.commission_rate_bps = rate_bps
    uow.session.add(
        CommissionRate(
            seller_id=seller.id,
            rate_bps=rate_bps,
            effective_from=week_start(now),
            changed_by=admin_id,
            changed_at=now,
        )
    )
    await uow.outbox.add(
        SellerVerified(
            seller_id=seller.id,
            seller_number=seller.number,
            user_id=seller.id,
            shop_name=seller.shop_name,
            commission_rate_bps=rate_bps,
            verified_by=admin_id,
            verified_at=now,
            pickup_postal_code=seller.pickup_postal_code,
        ),
        aggregate_id=seller.id,
    )
    return seller


async def reject(
    uow: UnitOfWork, *, seller_id: UUID, reason: str, admin_id: UUID, now: datetime
) -> Seller:
    """``pending → rejected`` with the reason shown to the applicant."""
    seller = await get(uow, seller_id, for_update=True)
    _require(seller, "pending", action="rejected")
    seller.status, seller.status_reason, seller.updated_at = "rejected", reason, now
    await uow.outbox.add(
        SellerRejected(
            seller_id=seller.id,
            user_id=seller.id,
            reason=reason,
            rejected_by=admin_id,
            rejected_at=now,
        ),
        aggregate_id=seller.id,
    )
    return seller


async def suspend(
    uow: UnitOfWork, *, seller_id: UUID, reason: str, admin_id: UUID, now: datetime
) -> Seller:
    """``active → suspended``: product hides its listings, wallet stops its withdrawals."""
    seller = await get(uow, seller_id, for_update=True)
    _require(seller, "active", action="suspended")
    seller.status, seller.status_reason, seller.updated_at = "suspended", reason, now
    await uow.outbox.add(
        SellerSuspended(
            seller_id=seller.id,
            user_id=seller.id,
            reason=reason,
            suspended_by=admin_id,
            suspended_at=now,
        ),
        aggregate_id=seller.id,
    )
    return seller


async def reinstate(uow: UnitOfWork, *, seller_id: UUID, admin_id: UUID, now: datetime) -> Seller:
    """``suspended → active``."""
    seller = await get(uow, seller_id, for_update=True)
    _require(seller, "suspended", action="reinstated")
    seller.status, seller.status_reason, seller.updated_at = "active", None, now
    await uow.outbox.add(
        SellerReinstated(
            seller_id=seller.id, user_id=seller.id, reinstated_by=admin_id, reinstated_at=now
        ),
        aggregate_id=seller.id,
    )
    return seller


async def change_commission(
    uow: UnitOfWork, *, seller_id: UUID, rate_bps: int, admin_id: UUID, now: datetime
) -> Seller:
    """A new rate from next WIB Monday (``seller.commission_changed``); the same rate: no-op."""
    seller = await get(uow, seller_id, for_update=True)
    _require(seller, "active", "suspended", action="given a commission rate")
    previous = seller.commission_rate_bps
    if previous == rate_bps:
        return seller
    effective_from = week_start(now) + timedelta(days=7)
    seller.commission_rate_bps, seller.updated_at = rate_bps, now
    uow.session.add(
        CommissionRate(
            seller_id=seller.id,
            rate_bps=rate_bps,
            effective_from=effective_from,
            changed_by=admin_id,
            changed_at=now,
        )
    )
    await uow.outbox.add(
        SellerCommissionChanged(
            seller_id=seller.id,
            user_id=seller.id,
            commission_rate_bps=rate_bps,
            previous_rate_bps=previous,
            effective_from=effective_from,
            changed_by=admin_id,
            changed_at=now,
        ),
        aggregate_id=seller.id,
    )
    return seller


async def commission_history(uow: UnitOfWork, *, seller_id: UUID) -> list[CommissionRate]:
    """Every rate the shop has had, newest first."""
    await get(uow, seller_id)
    rows = await uow.session.scalars(
        select(CommissionRate)
        .where(CommissionRate.seller_id == seller_id)
        .order_by(CommissionRate.changed_at.desc())
    )
    return list(rows)
