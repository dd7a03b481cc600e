"""The events the product service consumes: inventory facts, brand prices, sellers' standing
and the review service's rating summaries (read models)."""

from __future__ import annotations

from typing import Any

from api.events import (
    BrandPriceUpdated,
    BrandProductAssigned,
    Event,
    InventoryAdjusted,
    InventoryLowStock,
    InventoryOutOfStock,
    InventoryVariantLocked,
    InventoryVariantUnlocked,
    ReviewApproved,
    ReviewFlagged,
    ReviewRejected,
    SellerReinstated,
    SellerSuspended,
    SellerVerified,
)
from api.kit.consumer import Handler
from api.kit.uow import UnitOfWork
from api.product.service.readmodels import (
    set_availability,
    set_rating,
    set_seller_standing,
    upsert_brand,
    upsert_offer,
)


async def on_variant_locked(event: Event[InventoryVariantLocked], uow: UnitOfWork) -> None:
    p = event.payload
    await set_availability(
        uow,
        variant_id=p.variant_id,
        at=p.locked_at,
        locked=True,
        available=p.available,
        max_orderable=p.max_orderable,
    )


async def on_variant_unlocked(event: Event[InventoryVariantUnlocked], uow: UnitOfWork) -> None:
    p = event.payload
    await set_availability(
        uow,
        variant_id=p.variant_id,
        at=p.unlocked_at,
        locked=False,
        available=p.available,
        max_orderable=p.max_orderable,
    )


async def on_low_stock(event: Event[InventoryLowStock], uow: UnitOfWork) -> None:
    p = event.payload
    await set_availability(
        uow,
        variant_id=p.variant_id,
        at=p.detected_at,
        low_stock=True,
        out_of_stock=p.available == 0,
        available=p.available,
    )


async def on_out_of_stock(event: Event[InventoryOutOfStock], uow: UnitOfWork) -> None:
    p = event.payload
    await set_availability(
        uow,
        variant_id=p.variant_id,
        at=p.detected_at,
        out_of_stock=True,
        available=0,
    )


async def on_adjusted(event: Event[InventoryAdjusted], uow: UnitOfWork) -> None:
    # Stock arriving is the only way out of out_of_stock: the warehouse sends no "back in stock".
    p = event.payload
    values: dict[str, Any] = {"available": p.available, "out_of_stock": p.available == 0}
    await set_availability(uow, variant_id=p.variant_id, at=p.adjusted_at, **values)


async def on_brand_product_assigned(event: Event[BrandProductAssigned], uow: UnitOfWork) -> None:
    p = event.payload
    await upsert_brand(uow, brand_id=p.brand_id, code=p.brand_code, name=p.brand_name)
    await upsert_offer(
        uow,
        brand_id=p.brand_id,
        brand_code=p.brand_code,
        variant_id=p.variant_id,
        price=p.price,
        at=p.assigned_at,
    )


async def on_brand_price_updated(event: Event[BrandPriceUpdated], uow: UnitOfWork) -> None:
    p = event.payload
    await upsert_offer(
        uow,
        brand_id=p.brand_id,
        brand_code=None,
        variant_id=p.variant_id,
        price=p.new_price,
        at=p.updated_at,
    )


async def on_seller_verified(event: Event[SellerVerified], uow: UnitOfWork) -> None:
    p = event.payload
    await set_seller_standing(uow, seller_id=p.seller_id, status="active", at=p.verified_at)


async def on_seller_suspended(event: Event[SellerSuspended], uow: UnitOfWork) -> None:
    p = event.payload
    await set_seller_standing(uow, seller_id=p.seller_id, status="suspended", at=p.suspended_at)


async def on_seller_reinstated(event: Event[SellerReinstated], uow: UnitOfWork) -> None:
    p = event.payload
    await set_seller_standing(uow, seller_id=p.seller_id, status="active", at=p.reinstated_at)


async def on_rating_changed(
    event: Event[ReviewApproved | ReviewFlagged | ReviewRejected], uow: UnitOfWork
) -> None:
    """A review entered or left the approved set: the product's rating after the change."""
    p = event.payload
    if p.summary is not None:  # a rejected review that was never approved changed nothing
        await set_rating(uow, product_id=p.product_id, summary=p.summary)


HANDLERS: dict[str, Handler] = {
    "inventory.variant_locked": on_variant_locked,
    "inventory.variant_unlocked": on_variant_unlocked,
    "inventory.low_stock": on_low_stock,
    "inventory.out_of_stock": on_out_of_stock,
    "inventory.adjusted": on_adjusted,
    "brand.product_assigned": on_brand_product_assigned,
    "brand.price_updated": on_brand_price_updated,
    "seller.verified": on_seller_verified,
    "seller.suspended": on_seller_suspended,
    "seller.reinstated": on_seller_reinstated,
    "review.approved": on_rating_changed,
    "review.flagged": on_rating_changed,
    "review.rejected": on_rating_changed,
}
