"""Where the warehouse's variants come from: its locations, and the variants it learns on
demand from the product service (``api.kit.catalog``) when a caller names one the
``product.*`` events have not brought yet — stocking a product just created, configuring its
bundle — instead of answering "unknown variant" until Kafka catches up.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from api.kit.catalog import VariantFacts, VariantSource
from api.kit.uow import UnitOfWork
from api.warehouse.models import Location, Stock, Variant

CENTRAL = "central"


async def location_for(uow: UnitOfWork, seller_id: UUID | None) -> UUID:
    """The id of the central location (no seller) or the seller's own, created on demand."""
    key = CENTRAL if seller_id is None else f"seller:{seller_id}"
    await uow.session.execute(
        insert(Location)
        .values(
            id=uuid4(),
            key=key,
            type="central" if seller_id is None else "seller",
            seller_id=seller_id,
        )
        .on_conflict_do_nothing(index_elements=["key"])
    )
    location_id = await uow.session.scalar(select(Location.id).where(Location.key == key))
    assert location_id is not None
    return location_id


async def learn(
    uow: UnitOfWork, catalog: VariantSource, variant_ids: Iterable[UUID], *, at: datetime
) -> None:
    """Register the variants among ``variant_ids`` the registry lacks, read from the product
    service (those it does not know either stay unknown). Called before any stock lock."""
    wanted = set(variant_ids)
    known = set(await uow.session.scalars(select(Variant.id).where(Variant.id.in_(wanted))))
    if wanted - known:
        found = await catalog.variants(wanted - known)
        await remember(uow, list(found.values()), at=at)


async def learn_product(
    uow: UnitOfWork, catalog: VariantSource, product_id: UUID, *, at: datetime
) -> None:
    """Register every variant of ``product_id`` the registry lacks (a bundle spans them all)."""
    found = await catalog.product(product_id)
    known = set(
        await uow.session.scalars(select(Variant.id).where(Variant.product_id == product_id))
    )
    await remember(uow, [f for f in found or [] if f.variant_id not in known], at=at)


async def remember(uow: UnitOfWork, found: list[VariantFacts], *, at: datetime) -> None:
    """Register variants learnt on demand; a concurrent registration of the same one (its
    event, another caller) wins quietly, so this never fails on a duplicate."""
    for facts in sorted(found, key=lambda f: f.variant_id):
        location_id = await location_for(uow, facts.seller_id)
        inserted = await uow.session.scalar(
            insert(Variant)
            .values(
                id=facts.variant_id,
                product_id=facts.product_id,
                sku=facts.sku,
                seller_id=facts.seller_id,
                location_id=location_id,
                cost=facts.cost_price or 0,
                created_at=at,
                updated_at=at,
            )
            .on_conflict_do_nothing()
            .returning(Variant.id)
        )
        if inserted is None:
            continue
        await uow.session.execute(
            insert(Stock)
            .values(
                location_id=location_id,
                variant_id=facts.variant_id,
                on_hand=0,
                reserved=0,
                backordered=0,
                updated_at=at,
            )
            .on_conflict_do_nothing()
        )
