"""The supplier as its events and answers show it: terms, standing, and the whole catalogue.

Every ``supplier.*`` event is built here, so the warehouse (which replaces its copy with each one)
and the notification service always get the complete picture after a change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select

from api.events import BundleShare, CatalogueOffer, SupplierCreated, SupplierUpdated
from api.kit.uow import UnitOfWork
from api.supplier.models import CatalogueEntry, CatalogueItem, Supplier
from api.supplier.schemas import CatalogueEntryRead, SupplierDetail, SupplierRead
from api.supplier.scoring import percent


async def catalogue_of(
    uow: UnitOfWork, supplier_id: UUID, product_ids: Iterable[UUID] | None = None
) -> list[CatalogueEntryRead]:
    """The supplier's offers (all, or those of ``product_ids``), by product id."""
    query = select(CatalogueEntry).where(CatalogueEntry.supplier_id == supplier_id)
    items_query = select(CatalogueItem).where(CatalogueItem.supplier_id == supplier_id)
    if product_ids is not None:
        wanted = set(product_ids)
        query = query.where(CatalogueEntry.product_id.in_(wanted))
        items_query = items_query.where(CatalogueItem.product_id.in_(wanted))
    entries = list(await uow.session.scalars(query.order_by(CatalogueEntry.product_id)))
    shapes: dict[UUID, dict[UUID, int]] = {}
    for item in await uow.session.scalars(items_query.order_by(CatalogueItem.position)):
        shapes.setdefault(item.product_id, {})[item.variant_id] = item.units
    return [_entry(e, shapes.get(e.product_id, {})) for e in entries]


def _entry(entry: CatalogueEntry, shape: dict[UUID, int]) -> CatalogueEntryRead:
    units = sum(shape.values())
    return CatalogueEntryRead(
        supplier_id=entry.supplier_id,
        product_id=entry.product_id,
        unit_cost=entry.unit_cost,
        bundle_units=units,
        bundle_cost=units * entry.unit_cost,
        units_per_bundle=shape,
        min_bundles=entry.min_bundles,
        lead_time_days=entry.lead_time_days,
        updated_at=entry.updated_at,
    )


def read(supplier: Supplier) -> SupplierRead:
    """The answer shape of a supplier."""
    return SupplierRead(
        id=supplier.id,
        code=supplier.code,
        name=supplier.name,
        type=supplier.type,
        status=supplier.status,
        contact_name=supplier.contact_name,
        whatsapp=supplier.whatsapp,
        email=supplier.email,
        payment_terms_days=supplier.payment_terms_days,
        lead_time_days=supplier.lead_time_days,
        standing=supplier.standing,
        score=percent(supplier.score),
        stars=supplier.stars,
        created_at=supplier.created_at,
        updated_at=supplier.updated_at,
    )


async def detail(uow: UnitOfWork, supplier: Supplier) -> SupplierDetail:
    """A supplier with its catalogue."""
    return SupplierDetail(
        **read(supplier).model_dump(), catalogue=await catalogue_of(uow, supplier.id)
    )


async def event_fields(uow: UnitOfWork, supplier: Supplier) -> dict[str, Any]:
    """What ``supplier.created`` / ``supplier.updated`` carry: the supplier after the change."""
    offers = [
        CatalogueOffer(
            product_id=e.product_id,
            unit_cost=e.unit_cost,
            bundle_cost=e.bundle_cost,
            units_per_bundle=[
                BundleShare(variant_id=v, units=u) for v, u in e.units_per_bundle.items()
            ],
            min_bundles=e.min_bundles,
            lead_time_days=e.lead_time_days,
        )
        for e in await catalogue_of(uow, supplier.id)
    ]
    return {
        "supplier_id": supplier.id,
        "code": supplier.code,
        "name": supplier.name,
        "type": supplier.type,
        "status": supplier.status,
        "payment_terms_days": supplier.payment_terms_days,
        "lead_time_days": supplier.lead_time_days,
        "contact_name": supplier.contact_name,
        "whatsapp": supplier.whatsapp,
        "email": supplier.email,
        "standing": supplier.standing,
        "score": None if supplier.score is None else float(supplier.score),
        "stars": supplier.stars,
        "catalogue": offers,
    }


async def announce_created(uow: UnitOfWork, supplier: Supplier) -> None:
    """``supplier.created``."""
    fields = await event_fields(uow, supplier)
    await uow.outbox.add(
        SupplierCreated(**fields, created_at=supplier.created_at), aggregate_id=supplier.id
    )


async def announce_updated(
    uow: UnitOfWork, supplier: Supplier, changed: Iterable[str], *, at: datetime
) -> None:
    """``supplier.updated`` naming what changed."""
    fields = await event_fields(uow, supplier)
    await uow.outbox.add(
        SupplierUpdated(**fields, changed_fields=sorted(set(changed)), updated_at=at),
        aggregate_id=supplier.id,
    )
