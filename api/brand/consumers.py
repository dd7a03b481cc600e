"""The events the brand service consumes: the product catalogue (variants and their costs, the
curation queue). Every event carries the product's version (its time), so a row learnt on demand
is only replaced by newer facts (``variants.remember``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from api.brand.service import curation, variants
from api.events import Event, ProductCreated, ProductDeleted, ProductUpdated, ProductVariantAdded
from api.events.product import VariantSnapshot
from api.kit.consumer import Handler
from api.kit.uow import UnitOfWork


def _row(
    snapshot: VariantSnapshot, *, product_id: Any, seller_id: Any, name: str, at: datetime
) -> dict[str, Any]:
    return {
        "variant_id": snapshot.variant_id,
        "product_id": product_id,
        "seller_id": seller_id,
        "sku": snapshot.sku,
        "product_name": name,
        "base_price": snapshot.base_price,
        "cost_price": snapshot.cost_price,
        "updated_at": at,
    }


async def on_product_created(event: Event[ProductCreated], uow: UnitOfWork) -> None:
    """Learn the variants; a house product enters the curation queue."""
    p = event.payload
    await variants.remember(
        uow,
        [
            _row(v, product_id=p.product_id, seller_id=p.seller_id, name=p.name, at=p.created_at)
            for v in p.variants
        ],
    )
    if p.seller_id is None:
        await curation.enqueue(uow, event_id=event.event_id, product=p)


async def on_variant_added(event: Event[ProductVariantAdded], uow: UnitOfWork) -> None:
    p = event.payload
    # The event carries no product name; a sibling variant learnt from product.created has it.
    product_name = await variants.product_name_of(uow, product_id=p.product_id) or p.variant.sku
    await variants.remember(
        uow,
        [
            _row(
                p.variant,
                product_id=p.product_id,
                seller_id=p.seller_id,
                name=product_name,
                at=p.added_at,
            )
        ],
    )


async def on_product_updated(event: Event[ProductUpdated], uow: UnitOfWork) -> None:
    """Keep names current, and the price and cost of every variant the update carries."""
    p = event.payload
    await variants.rename_product(uow, product_id=p.product_id, name=p.name)
    await variants.remember(
        uow,
        [
            _row(v, product_id=p.product_id, seller_id=p.seller_id, name=p.name, at=p.updated_at)
            for v in p.variants
        ],
    )


async def on_product_deleted(event: Event[ProductDeleted], uow: UnitOfWork) -> None:
    await variants.forget_product(uow, product_id=event.payload.product_id)
    await curation.withdraw(uow, product_id=event.payload.product_id)


HANDLERS: dict[str, Handler] = {
    "product.created": on_product_created,
    "product.variant_added": on_variant_added,
    "product.updated": on_product_updated,
    "product.deleted": on_product_deleted,
}
