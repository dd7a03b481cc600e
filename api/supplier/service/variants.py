"""The house variants the supplier service knows: learnt from ``product.*`` events, or read on
demand from the product service (``api.kit.catalog``) when a catalogue entry names a product the
events have not brought yet — an offer can be entered the moment the product exists. Rows only
move forward in catalogue time (``version``), so a late event never undoes a fresher read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from api.kit.catalog import VariantFacts, VariantSource
from api.kit.uow import UnitOfWork
from api.supplier.models import KnownVariant


@dataclass(frozen=True, slots=True)
class VariantRow:
    """What the service keeps of a variant."""

    variant_id: UUID
    product_id: UUID
    seller_id: UUID | None
    sku: str
    version: datetime


def row_of(facts: VariantFacts) -> VariantRow:
    return VariantRow(facts.variant_id, facts.product_id, facts.seller_id, facts.sku, facts.version)


async def remember(uow: UnitOfWork, rows: Iterable[VariantRow]) -> None:
    """Upsert variants with facts at least as new as the stored ones (a live variant again)."""
    values = [
        {
            "variant_id": r.variant_id,
            "product_id": r.product_id,
            "seller_id": r.seller_id,
            "sku": r.sku,
            "deleted": False,
            "version": r.version,
        }
        for r in sorted(rows, key=lambda r: r.variant_id)  # a fixed lock order
    ]
    if not values:
        return
    statement = insert(KnownVariant).values(values)
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=[KnownVariant.variant_id],
            set_={
                c: statement.excluded[c]
                for c in ("product_id", "seller_id", "sku", "deleted", "version")
            },
            where=statement.excluded.version >= KnownVariant.version,
        )
    )


async def forget_product(uow: UnitOfWork, *, product_id: UUID, at: datetime) -> None:
    """A deleted product's variants can no longer be offered."""
    await uow.session.execute(
        update(KnownVariant)
        .where(KnownVariant.product_id == product_id, KnownVariant.version <= at)
        .values(deleted=True, version=at)
    )


async def of_product(
    uow: UnitOfWork, catalog: VariantSource, *, product_id: UUID, named: Iterable[UUID]
) -> dict[UUID, KnownVariant]:
    """The known variants among ``named`` and those of ``product_id``; when the product or a
    named variant is unknown, the product service is asked first (its answer is remembered)."""
    wanted = set(named)
    known = await _load(uow, product_id, wanted)
    if not any(v.product_id == product_id for v in known.values()) or wanted - set(known):
        found = await catalog.product(product_id)
        await remember(uow, [row_of(f) for f in found or []])
        if wanted - set(known) - {f.variant_id for f in found or []}:
            # a variant of some other product, perhaps: that product's facts, read by the variant
            others = await catalog.variants(wanted - set(known))
            await remember(uow, [row_of(f) for f in others.values()])
        known = await _load(uow, product_id, wanted)
    return known


async def _load(uow: UnitOfWork, product_id: UUID, named: set[UUID]) -> dict[UUID, KnownVariant]:
    rows = await uow.session.scalars(
        select(KnownVariant)
        .where((KnownVariant.product_id == product_id) | KnownVariant.variant_id.in_(named))
        .execution_options(populate_existing=True)
    )
    return {v.variant_id: v for v in rows}
