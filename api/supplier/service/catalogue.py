"""Catalogue offers: what a supplier sells of a house product, validated against the product.

An offer's bundle may only name variants of that product (learnt from ``product.*`` events, or
read from the product service on the spot when it is not known yet); costs and lead times are
checked by the schema. Everything is validated before anything is written; a stored offer
replaces the previous one whole and publishes ``supplier.updated`` with the new catalogue.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, select

from api.kit.auth import Principal
from api.kit.catalog import VariantSource
from api.kit.errors import Unprocessable
from api.kit.uow import UnitOfWork
from api.supplier.errors import CatalogueEntryNotFound
from api.supplier.models import CatalogueEntry, CatalogueItem
from api.supplier.schemas import CatalogueEntryRead, CataloguePut
from api.supplier.service import snapshots, suppliers, variants


async def put_offer(
    uow: UnitOfWork,
    *,
    catalog: VariantSource,
    supplier_id: UUID,
    product_id: UUID,
    body: CataloguePut,
    principal: Principal,
    at: datetime,
) -> tuple[CatalogueEntryRead, bool]:
    """Set the supplier's offer of ``product_id``; returns (offer, created now)."""
    await suppliers.load(uow, supplier_id)  # 404 before asking the product service anything
    known = await variants.of_product(
        uow, catalog, product_id=product_id, named=body.units_per_bundle
    )
    own = [v for v in known.values() if v.product_id == product_id and not v.deleted]
    if not own:
        raise Unprocessable(f"Product {product_id} does not exist", field="product_id")
    if any(v.seller_id is not None for v in own):
        raise Unprocessable("Suppliers offer house products only", field="product_id")
    for variant_id in body.units_per_bundle:
        variant = known.get(variant_id)
        field = f"units_per_bundle.{variant_id}"
        if variant is None:
            raise Unprocessable(f"Variant {variant_id} does not exist", field=field)
        if variant.product_id != product_id:
            raise Unprocessable(
                f"Variant {variant_id} belongs to product {variant.product_id}, not {product_id}",
                field=field,
            )
        if variant.deleted:
            raise Unprocessable(f"Variant {variant_id} was deleted", field=field)
    # locked only now: no row lock is held while the product service answers
    supplier = await suppliers.load(uow, supplier_id, lock=True)
    entry = await uow.session.get(CatalogueEntry, (supplier_id, product_id), with_for_update=True)
    created = entry is None
    if entry is None:
        entry = CatalogueEntry(supplier_id=supplier_id, product_id=product_id)
        uow.session.add(entry)
    entry.unit_cost, entry.min_bundles = body.unit_cost, body.min_bundles
    entry.lead_time_days = body.lead_time_days or supplier.lead_time_days
    entry.updated_by, entry.updated_at = principal.user_id, at
    await uow.session.flush()
    await _replace_shape(uow, supplier_id, product_id, body.units_per_bundle)
    supplier.updated_at = at
    await snapshots.announce_updated(uow, supplier, ["catalogue"], at=at)
    (offer,) = await snapshots.catalogue_of(uow, supplier_id, [product_id])
    return offer, created


async def _replace_shape(
    uow: UnitOfWork, supplier_id: UUID, product_id: UUID, shape: dict[UUID, int]
) -> None:
    await uow.session.execute(
        delete(CatalogueItem).where(
            CatalogueItem.supplier_id == supplier_id, CatalogueItem.product_id == product_id
        )
    )
    uow.session.add_all(
        CatalogueItem(
            supplier_id=supplier_id,
            product_id=product_id,
            variant_id=variant_id,
            position=position,
            units=units,
        )
        for position, (variant_id, units) in enumerate(shape.items())
    )
    await uow.session.flush()


async def withdraw_offer(
    uow: UnitOfWork, *, supplier_id: UUID, product_id: UUID, at: datetime
) -> None:
    """The supplier no longer offers ``product_id`` (404 when it did not)."""
    supplier = await suppliers.load(uow, supplier_id, lock=True)
    entry = await uow.session.get(CatalogueEntry, (supplier_id, product_id))
    if entry is None:
        raise CatalogueEntryNotFound(supplier_id, product_id)
    await uow.session.delete(entry)
    await uow.session.flush()
    supplier.updated_at = at
    await snapshots.announce_updated(uow, supplier, ["catalogue"], at=at)


async def withdraw_product(uow: UnitOfWork, *, product_id: UUID, at: datetime) -> None:
    """A deleted product leaves every catalogue that offered it."""
    offering = list(
        await uow.session.scalars(
            select(CatalogueEntry.supplier_id)
            .where(CatalogueEntry.product_id == product_id)
            .order_by(CatalogueEntry.supplier_id)
        )
    )
    for supplier_id in offering:
        await withdraw_offer(uow, supplier_id=supplier_id, product_id=product_id, at=at)
