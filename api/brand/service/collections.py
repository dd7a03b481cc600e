"""Collections: a brand's named selections of its products."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import select

from api.brand.models import BrandProduct, Collection, CollectionItem
from api.brand.service.brands import ensure_manages, get_brand
from api.events.brand import BrandCollectionCreated
from api.kit.auth import Principal
from api.kit.errors import Conflict, Unprocessable
from api.kit.slugs import slugify
from api.kit.uow import UnitOfWork


async def create_collection(
    uow: UnitOfWork,
    *,
    principal: Principal,
    brand_id: UUID,
    name: str,
    description: str,
    variant_ids: Sequence[UUID],
) -> tuple[Collection, list[UUID]]:
    """A collection of variants the brand already sells (brand.collection_created)."""
    brand = await get_brand(uow, brand_id=brand_id)
    ensure_manages(principal, brand)
    slug = slugify(name)
    taken = await uow.session.scalar(
        select(Collection.id).where(Collection.brand_id == brand_id, Collection.slug == slug)
    )
    if taken is not None:
        raise Conflict(f"{brand.name} already has a collection {name!r}")
    wanted = list(dict.fromkeys(variant_ids))
    rows = (
        await uow.session.execute(
            select(BrandProduct.variant_id, BrandProduct.id).where(
                BrandProduct.brand_id == brand_id, BrandProduct.variant_id.in_(wanted)
            )
        )
    ).all()
    by_variant = {variant_id: bp_id for variant_id, bp_id in rows}
    for index, variant_id in enumerate(wanted):
        if variant_id not in by_variant:
            raise Unprocessable(
                f"{brand.name} does not sell variant {variant_id}", field=f"variant_ids.{index}"
            )
    now = datetime.now(UTC)
    collection = Collection(
        brand_id=brand_id,
        name=name,
        slug=slug,
        description=description,
        created_by=principal.user_id,
        created_at=now,
    )
    uow.session.add(collection)
    await uow.session.flush()
    members = [by_variant[v] for v in wanted]
    uow.session.add_all(
        CollectionItem(collection_id=collection.id, brand_product_id=bp, position=i)
        for i, bp in enumerate(members)
    )
    await uow.session.flush()
    await uow.outbox.add(
        BrandCollectionCreated(
            collection_id=collection.id,
            brand_id=brand_id,
            name=name,
            slug=slug,
            brand_product_ids=members,
            created_at=now,
        ),
        aggregate_id=brand_id,
    )
    return collection, members


async def list_collections(
    uow: UnitOfWork, *, brand_id: UUID
) -> list[tuple[Collection, list[UUID]]]:
    """A brand's collections with their members in order."""
    await get_brand(uow, brand_id=brand_id)
    collections = (
        await uow.session.scalars(
            select(Collection).where(Collection.brand_id == brand_id).order_by(Collection.name)
        )
    ).all()
    items = (
        await uow.session.scalars(
            select(CollectionItem)
            .where(CollectionItem.collection_id.in_([c.id for c in collections]))
            .order_by(CollectionItem.position)
        )
    ).all()
    members: dict[UUID, list[UUID]] = {}
    for item in items:
        members.setdefault(item.collection_id, []).append(item.brand_product_id)
    return [(c, members.get(c.id, [])) for c in collections]
