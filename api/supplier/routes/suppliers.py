"""``/api/suppliers``: registering, reading and updating suppliers (purchasing staff)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Query

from api.kit.access import owner
from api.kit.auth import InternalCall
from api.kit.deps import Uow
from api.kit.schemas import Page, Paging
from api.supplier.routes.deps import Purchasing, Settings
from api.supplier.schemas import SupplierCreate, SupplierDetail, SupplierRead, SupplierUpdate
from api.supplier.service import snapshots, suppliers

router = APIRouter(tags=["suppliers"])


@router.post("/api/suppliers", status_code=201)
@owner("every supplier (purchasing's records); registering one blocked is an admin's call")
async def create_supplier(
    body: SupplierCreate, uow: Uow, principal: Purchasing, settings: Settings
) -> SupplierDetail:
    """Register a supplier with its contacts and terms (``supplier.created``)."""
    supplier = await suppliers.create(uow, body=body, principal=principal, at=settings.now())
    answer = await snapshots.detail(uow, supplier)
    await uow.commit()
    return answer


@router.get("/api/suppliers")
@owner("every supplier (purchasing's records)")
async def list_suppliers(
    uow: Uow,
    principal: Purchasing,
    paging: Paging,
    status: Literal["active", "inactive", "blocked"] | None = Query(None),
    q: str | None = Query(None, min_length=1, max_length=100, description="code or name part"),
) -> Page[SupplierRead]:
    """Suppliers by code."""
    return await suppliers.list_suppliers(uow, paging=paging, status=status, q=q)


@router.get("/api/suppliers/{supplier_id}")
@owner("every supplier (purchasing's records)")
async def get_supplier(supplier_id: UUID, uow: Uow, principal: Purchasing) -> SupplierDetail:
    """A supplier with its terms, standing and catalogue."""
    return await snapshots.detail(uow, await suppliers.load(uow, supplier_id))


@router.patch("/api/suppliers/{supplier_id}")
@owner("every supplier (purchasing's records); blocking or lifting a block an admin only")
async def update_supplier(
    supplier_id: UUID, body: SupplierUpdate, uow: Uow, principal: Purchasing, settings: Settings
) -> SupplierDetail:
    """Change contacts, terms or status (blocking is an admin's call)."""
    supplier = await suppliers.update(
        uow, supplier_id=supplier_id, body=body, principal=principal, at=settings.now()
    )
    answer = await snapshots.detail(uow, supplier)
    await uow.commit()
    return answer


@router.get("/internal/suppliers/{supplier_id}", dependencies=[InternalCall])
@owner("every supplier, as its events carry it")
async def internal_supplier(supplier_id: UUID, uow: Uow) -> SupplierDetail:
    """The supplier as its events carry it, for a service that needs it before they arrive."""
    return await snapshots.detail(uow, await suppliers.load(uow, supplier_id))
