"""``/api/suppliers/{id}/catalogue``: what a supplier offers of each house product."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from api.kit.access import owner
from api.kit.deps import Uow
from api.supplier.routes.deps import Catalog, Purchasing, Settings
from api.supplier.schemas import CatalogueEntryRead, CataloguePut
from api.supplier.service import catalogue, snapshots, suppliers

router = APIRouter(tags=["catalogue"])


@router.get("/api/suppliers/{supplier_id}/catalogue")
@owner("every supplier's catalogue (purchasing's records)")
async def list_offers(
    supplier_id: UUID, uow: Uow, principal: Purchasing
) -> list[CatalogueEntryRead]:
    """Every offer of the supplier, by product."""
    await suppliers.load(uow, supplier_id)
    return await snapshots.catalogue_of(uow, supplier_id)


@router.put("/api/suppliers/{supplier_id}/catalogue/{product_id}")
@owner("every supplier's catalogue of house products (purchasing's records)")
async def put_offer(
    supplier_id: UUID,
    product_id: UUID,
    body: CataloguePut,
    uow: Uow,
    principal: Purchasing,
    settings: Settings,
    catalog: Catalog,
    response: Response,
) -> CatalogueEntryRead:
    """Set the supplier's offer of a house product: unit cost, bundle shape, minimum, lead time
    (201 when new, 200 when replaced; ``supplier.updated`` with the catalogue either way)."""
    offer, created = await catalogue.put_offer(
        uow,
        catalog=catalog,
        supplier_id=supplier_id,
        product_id=product_id,
        body=body,
        principal=principal,
        at=settings.now(),
    )
    await uow.commit()
    response.status_code = 201 if created else 200
    return offer


@router.delete("/api/suppliers/{supplier_id}/catalogue/{product_id}", status_code=204)
@owner("every supplier's catalogue (purchasing's records)")
async def withdraw_offer(
    supplier_id: UUID, product_id: UUID, uow: Uow, principal: Purchasing, settings: Settings
) -> None:
    """The supplier no longer offers the product."""
    await catalogue.withdraw_offer(
        uow, supplier_id=supplier_id, product_id=product_id, at=settings.now()
    )
    await uow.commit()
