"""The variants the brand service knows, with their costs: learnt from ``product.*`` events, or on
demand from the product service when a brand manager prices a variant whose event has not
arrived (``api.kit.catalog``). Rows only move forward in catalogue time (``updated_at`` is the
product's version), so a late event never brings back an older cost."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from api.brand.errors import UnknownVariant
from api.brand.models import KnownVariant
from api.kit.catalog import VariantFacts, VariantSource
from api.kit.uow import UnitOfWork

# Where brand learns a variant it has not seen yet: the product service (api.kit.catalog).
VariantCatalog = VariantSource


def row_of(facts: VariantFacts) -> dict[str, Any]:
    """A known-variant row from facts read on demand."""
    return {
        "variant_id": facts.variant_id,
        "product_id": facts.product_id,
        "seller_id": facts.seller_id,
        "sku": facts.sku,
        "product_name": facts.name,
        "base_price": facts.price,
        "cost_price": facts.cost_price,
        "updated_at": facts.version,
    }


async def remember(uow: UnitOfWork, rows: list[dict[str, Any]]) -> None:
    """Upsert variants with facts at least as new as the stored ones; a fact a row carries as
    None (an event that has no cost) never erases a known one."""
    if not rows:
        return
    statement = insert(KnownVariant).values(rows)
    update_set: dict[str, Any] = {
        c: statement.excluded[c]
        for c in ("product_id", "seller_id", "sku", "product_name", "base_price", "updated_at")
    }
    update_set["cost_price"] = func.coalesce(statement.excluded.cost_price, KnownVariant.cost_price)
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=[KnownVariant.variant_id],
            set_=update_set,
            where=statement.excluded.updated_at >= KnownVariant.updated_at,
        )
    )


async def product_name_of(uow: UnitOfWork, *, product_id: UUID) -> str | None:
    """The product name known from any of its variants."""
    return await uow.session.scalar(
        select(KnownVariant.product_name).where(KnownVariant.product_id == product_id).limit(1)
    )


async def rename_product(uow: UnitOfWork, *, product_id: UUID, name: str) -> None:
    """Keep the product name of known variants current (product.updated)."""
    await uow.session.execute(
        update(KnownVariant).where(KnownVariant.product_id == product_id).values(product_name=name)
    )


async def forget_product(uow: UnitOfWork, *, product_id: UUID) -> None:
    """Mark a deleted product's variants so they can no longer be priced."""
    await uow.session.execute(
        update(KnownVariant).where(KnownVariant.product_id == product_id).values(deleted=True)
    )


async def variant_with_cost(
    uow: UnitOfWork, *, variant_id: UUID, catalog: VariantCatalog
) -> KnownVariant:
    """The variant with its cost, read from the product service when not known yet."""
    known = await uow.session.get(KnownVariant, variant_id)
    if known is not None and known.deleted:
        raise UnknownVariant(f"Variant {variant_id} was deleted")
    if known is None or known.cost_price is None:
        found = (await catalog.variants([variant_id])).get(variant_id)
        if found is None:
            raise UnknownVariant(f"Variant {variant_id} does not exist")
        await remember(uow, [row_of(found)])
        known = await uow.session.get(KnownVariant, variant_id, populate_existing=True)
    assert known is not None
    return known
