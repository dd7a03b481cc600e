"""Read models kept from other services' events: variant availability, brand offers, ratings.

Handlers are idempotent on their own (they set state, never add to it), and the runtime's inbox
absorbs redeliveries anyway. An event about a variant this service does not know (deleted, or a
test topic with foreign data) is ignored rather than retried into the dead-letter queue.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from api.events import RatingSummary
from api.kit.logging import get_logger
from api.kit.uow import UnitOfWork
from api.product.models import Brand, BrandOffer, Product, SellerStanding, Variant

log = get_logger(__name__)


async def set_availability(
    uow: UnitOfWork, *, variant_id: UUID, at: datetime, **values: Any
) -> None:
    """Apply an inventory fact, unless a newer one was already applied (events can reorder)."""
    result = await uow.session.execute(
        update(Variant)
        .where(
            Variant.id == variant_id,
            (Variant.availability_at.is_(None)) | (Variant.availability_at <= at),
        )
        .values(availability_at=at, **values)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        log.info("inventory event not applied", extra={"variant_id": str(variant_id)})


async def set_rating(uow: UnitOfWork, *, product_id: UUID, summary: RatingSummary) -> None:
    """Keep the review service's summary of a product, unless a newer one was applied already
    (events of different reviews can arrive in any order; the summary's version orders them)."""
    result = await uow.session.execute(
        update(Product)
        .where(Product.id == product_id, Product.rating_version < summary.version)
        .values(
            rating_count=summary.count,
            rating_sum=summary.rating_sum,
            rating_average=summary.average,
            rating_bayesian=summary.bayesian_average,
            rating_distribution=summary.distribution,
            rating_version=summary.version,
        )
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        log.info("rating summary not applied", extra={"product_id": str(product_id)})


async def _refresh_brand_names(uow: UnitOfWork, product_id: UUID) -> None:
    # The product's brand names feed its generated search vector. Two brands' offers on one
    # product arrive on different partitions, so two consumers may refresh it at once: each
    # would read the offers without the other's uncommitted one and the last to write would drop
    # a brand from search. The product row's lock orders them; the names are read after it, so
    # the second sees the first's committed offer (READ COMMITTED: a new snapshot per statement).
    # FOR NO KEY UPDATE, not FOR UPDATE: each offer's foreign key already holds a key-share lock
    # on the row, which FOR UPDATE would wait on (a deadlock between the two).
    await uow.session.execute(
        select(Product.id).where(Product.id == product_id).with_for_update(key_share=True)
    )
    names = (
        await uow.session.scalars(
            select(Brand.name)
            .join(BrandOffer, BrandOffer.brand_id == Brand.id)
            .where(BrandOffer.product_id == product_id)
            .distinct()
            .order_by(Brand.name)
        )
    ).all()
    await uow.session.execute(
        update(Product).where(Product.id == product_id).values(brand_names=", ".join(names))
    )


async def upsert_brand(uow: UnitOfWork, *, brand_id: UUID, code: str, name: str) -> None:
    """Remember a brand's code and name (learnt from brand events; used by search and offers)."""
    statement = insert(Brand).values(id=brand_id, code=code, name=name)
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=[Brand.id],
            set_={"code": statement.excluded.code, "name": statement.excluded.name},
        )
    )


async def upsert_offer(
    uow: UnitOfWork,
    *,
    brand_id: UUID,
    brand_code: str | None,
    variant_id: UUID,
    price: int,
    at: datetime,
) -> None:
    """A brand's price for a variant (assigned or updated); brand names refreshed for search."""
    product_id = await uow.session.scalar(
        select(Variant.product_id).where(Variant.id == variant_id)
    )
    if product_id is None:
        log.info("brand offer for unknown variant ignored", extra={"variant_id": str(variant_id)})
        return
    code = brand_code or await uow.session.scalar(select(Brand.code).where(Brand.id == brand_id))
    statement = insert(BrandOffer).values(
        brand_id=brand_id,
        variant_id=variant_id,
        product_id=product_id,
        brand_code=code or "",
        price=price,
        updated_at=at,
    )
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=[BrandOffer.brand_id, BrandOffer.variant_id],
            set_={"price": statement.excluded.price, "updated_at": statement.excluded.updated_at},
            where=BrandOffer.updated_at <= statement.excluded.updated_at,
        )
    )
    await _refresh_brand_names(uow, product_id)


async def set_seller_standing(
    uow: UnitOfWork, *, seller_id: UUID, status: str, at: datetime
) -> None:
    """Remember a seller's standing (``active`` | ``suspended``); an older fact never wins."""
    statement = insert(SellerStanding).values(seller_id=seller_id, status=status, updated_at=at)
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=[SellerStanding.seller_id],
            set_={"status": statement.excluded.status, "updated_at": statement.excluded.updated_at},
            where=SellerStanding.updated_at <= statement.excluded.updated_at,
        )
    )


async def seller_suspended(uow: UnitOfWork, seller_id: UUID) -> bool:
    """Whether the seller is known to be suspended."""
    status = await uow.session.scalar(
        select(SellerStanding.status).where(SellerStanding.seller_id == seller_id)
    )
    return status == "suspended"
