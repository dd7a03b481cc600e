"""Brand products: pricing a house variant in a brand (above the minimum margin) and flags."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, update

from api.brand.errors import BelowMinimumMargin, BrandProductNotFound, NotAHouseProduct
from api.brand.margins import keeps_margin, minimum_price
from api.brand.models import BrandProduct, CurationItem
from api.brand.service.brands import ensure_manages, get_brand
from api.brand.service.variants import VariantCatalog, variant_with_cost
from api.events.brand import BrandPriceUpdated, BrandProductAssigned
from api.kit.auth import Principal
from api.kit.errors import Unprocessable
from api.kit.uow import UnitOfWork


async def set_price(
    uow: UnitOfWork,
    *,
    principal: Principal,
    brand_id: UUID,
    variant_id: UUID,
    price: int,
    catalog: VariantCatalog,
) -> BrandProduct:
    """Assign the variant to the brand at ``price``, or reprice it; 422 below the min margin."""
    brand = await get_brand(uow, brand_id=brand_id)
    ensure_manages(principal, brand)
    variant = await variant_with_cost(uow, variant_id=variant_id, catalog=catalog)
    if variant.seller_id is not None:
        raise NotAHouseProduct("Only house products are sold under LAKOO brands")
    if variant.cost_price is None:
        raise Unprocessable(
            "The variant has no cost price; its margin cannot be checked", field="price"
        )
    if not keeps_margin(price, variant.cost_price, brand.min_margin):
        lowest = minimum_price(variant.cost_price, brand.min_margin)
        raise BelowMinimumMargin(
            f"Price {price} is below {brand.name}'s minimum margin of "
            f"{brand.min_margin:.0%} over cost; the lowest allowed price is {lowest}"
        )
    now = datetime.now(UTC)
    existing = await uow.session.scalar(
        select(BrandProduct)
        .where(BrandProduct.brand_id == brand_id, BrandProduct.variant_id == variant_id)
        .with_for_update()
    )
    if existing is None:
        row = BrandProduct(
            brand_id=brand_id,
            variant_id=variant_id,
            product_id=variant.product_id,
            price=price,
            cost=variant.cost_price,
            assigned_by=principal.user_id,
            is_featured=False,
            is_new_arrival=True,
            is_on_sale=False,
            created_at=now,
            updated_at=now,
        )
        uow.session.add(row)
        await uow.session.flush()
        await uow.outbox.add(
            BrandProductAssigned(
                brand_product_id=row.id,
                brand_id=brand_id,
                brand_code=brand.code,
                brand_name=brand.name,
                product_id=row.product_id,
                variant_id=variant_id,
                price=price,
                cost=row.cost,
                is_featured=row.is_featured,
                is_new_arrival=row.is_new_arrival,
                is_on_sale=row.is_on_sale,
                assigned_by=principal.user_id,
                assigned_at=now,
            ),
            aggregate_id=brand_id,
        )
        await _mark_curated(uow, product_id=row.product_id, at=now)
        return row
    if existing.price != price:
        old_price, existing.price, existing.updated_at = existing.price, price, now
        existing.cost = variant.cost_price
        await uow.session.flush()
        await uow.outbox.add(
            BrandPriceUpdated(
                brand_product_id=existing.id,
                brand_id=brand_id,
                product_id=existing.product_id,
                variant_id=variant_id,
                old_price=old_price,
                new_price=price,
                updated_by=principal.user_id,
                updated_at=now,
            ),
            aggregate_id=brand_id,
        )
    return existing


async def _mark_curated(uow: UnitOfWork, *, product_id: UUID, at: datetime) -> None:
    # A product leaves the curation queue once any brand has taken it in.
    await uow.session.execute(
        update(CurationItem)
        .where(CurationItem.product_id == product_id, CurationItem.status == "pending")
        .values(status="curated", resolved_at=at)
    )


async def set_flags(
    uow: UnitOfWork,
    *,
    principal: Principal,
    brand_id: UUID,
    variant_id: UUID,
    flags: dict[str, Any],
) -> BrandProduct:
    """Mark a brand product featured / new arrival / on sale."""
    brand = await get_brand(uow, brand_id=brand_id)
    ensure_manages(principal, brand)
    row = await uow.session.scalar(
        select(BrandProduct)
        .where(BrandProduct.brand_id == brand_id, BrandProduct.variant_id == variant_id)
        .with_for_update()
    )
    if row is None:
        raise BrandProductNotFound(f"{brand.name} does not sell variant {variant_id}")
    for name, value in flags.items():
        if value is not None:
            setattr(row, name, value)
    row.updated_at = datetime.now(UTC)
    await uow.session.flush()
    return row


async def list_brand_products(
    uow: UnitOfWork, *, brand_id: UUID, flag: str | None, offset: int, limit: int
) -> tuple[list[BrandProduct], int]:
    """A brand's products, newest first, optionally only those with ``flag`` set."""
    await get_brand(uow, brand_id=brand_id)
    query = select(BrandProduct).where(BrandProduct.brand_id == brand_id)
    if flag is not None:
        query = query.where(getattr(BrandProduct, flag).is_(True))
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await uow.session.scalars(
        query.order_by(BrandProduct.updated_at.desc()).offset(offset).limit(limit)
    )
    return list(rows), int(total or 0)
