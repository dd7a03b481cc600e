"""The events the cart consumes: an explicit ``{event_type: handler}`` table.

Both handlers are idempotent by nature (setting a flag, deleting lines that may already be gone),
on top of the inbox that absorbs redeliveries.
"""

from __future__ import annotations

from typing import Any

from api.cart import service
from api.events import Event, InventoryVariantLocked, InventoryVariantUnlocked, ProductDeleted
from api.kit.consumer import Handler
from api.kit.uow import UnitOfWork


async def on_variant_locked(event: Event[Any], uow: UnitOfWork) -> None:
    """Grosir locked a variant: carts holding it show the line as unavailable, with a message."""
    payload: InventoryVariantLocked = event.payload
    await service.set_variant_lock(
        uow, variant_id=payload.variant_id, locked=True, now=payload.locked_at
    )


async def on_variant_unlocked(event: Event[Any], uow: UnitOfWork) -> None:
    """The lock lifted: lines marked unavailable because of it become available again."""
    payload: InventoryVariantUnlocked = event.payload
    await service.set_variant_lock(
        uow, variant_id=payload.variant_id, locked=False, now=payload.unlocked_at
    )


async def on_product_deleted(event: Event[Any], uow: UnitOfWork) -> None:
    """A product was deleted: its variants leave every cart (``cart.item_removed``)."""
    payload: ProductDeleted = event.payload
    await service.remove_variants(uow, variant_ids=payload.variant_ids, now=payload.deleted_at)


HANDLERS: dict[str, Handler] = {
    "inventory.variant_locked": on_variant_locked,
    "inventory.variant_unlocked": on_variant_unlocked,
    "product.deleted": on_product_deleted,
}
