"""The events the supplier service consumes: the house catalogue (``product.*``), so catalogue
offers are validated against the products' own variants. Every event carries the product's
version (its time), so a variant read on demand is only replaced by newer facts."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from api.events import Event, ProductCreated, ProductDeleted, ProductUpdated, ProductVariantAdded
from api.events.product import VariantSnapshot
from api.kit.consumer import Handler
from api.kit.uow import UnitOfWork
from api.supplier.service import catalogue, variants
from api.supplier.settings import get_settings


def _rows(
    snapshots: list[VariantSnapshot], *, product_id: UUID, seller_id: UUID | None, at: datetime
) -> list[variants.VariantRow]:
    return [variants.VariantRow(v.variant_id, product_id, seller_id, v.sku, at) for v in snapshots]


async def on_product_created(event: Event[ProductCreated], uow: UnitOfWork) -> None:
    p = event.payload
    await variants.remember(
        uow, _rows(p.variants, product_id=p.product_id, seller_id=p.seller_id, at=p.created_at)
    )


async def on_variant_added(event: Event[ProductVariantAdded], uow: UnitOfWork) -> None:
    p = event.payload
    await variants.remember(
        uow, _rows([p.variant], product_id=p.product_id, seller_id=p.seller_id, at=p.added_at)
    )


async def on_product_updated(event: Event[ProductUpdated], uow: UnitOfWork) -> None:
    p = event.payload
    await variants.remember(
        uow, _rows(p.variants, product_id=p.product_id, seller_id=p.seller_id, at=p.updated_at)
    )


async def on_product_deleted(event: Event[ProductDeleted], uow: UnitOfWork) -> None:
    """A deleted product cannot be bought: it leaves every supplier's catalogue."""
    p = event.payload
    await variants.forget_product(uow, product_id=p.product_id, at=p.deleted_at)
    # the supplier's own clock stamps its update, so its events' times keep moving forward
    await catalogue.withdraw_product(uow, product_id=p.product_id, at=get_settings().now())


HANDLERS: dict[str, Handler] = {
    "product.created": on_product_created,
    "product.variant_added": on_variant_added,
    "product.updated": on_product_updated,
    "product.deleted": on_product_deleted,
}
