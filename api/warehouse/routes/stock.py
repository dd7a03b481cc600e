"""Stock routes: the variant registry (internal), adjustments, stock and movement views, alerts."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Query

from api.kit.access import owner
from api.kit.auth import InternalCall, Role
from api.kit.deps import Uow
from api.kit.schemas import Page, PageParams, Paging
from api.warehouse.routes.deps import Catalog, Settings, Staff, StockManager
from api.warehouse.schemas import (
    AlertRead,
    AlertResolve,
    MovementRead,
    ReorderPointUpdate,
    StockAdjustmentCreate,
    StockRead,
    VariantRead,
    VariantRegister,
)
from api.warehouse.service import alerts, variants

router = APIRouter(tags=["stock"])


@router.put("/internal/variants/{variant_id}", dependencies=[InternalCall])
@owner("any variant's registry entry (the product service's events)")
async def register_variant(
    variant_id: UUID, body: VariantRegister, uow: Uow, settings: Settings
) -> VariantRead:
    """Add a variant to the warehouse's registry (or update its SKU, cost, reorder point)."""
    variant = await variants.register_variant(
        uow, variant_id=variant_id, body=body, at=settings.now()
    )
    await uow.commit()
    return variant


@router.post("/api/warehouse/stock-adjustments", status_code=201)
@owner("a seller's own variants; admin and warehouse staff any")
async def adjust_stock(
    body: StockAdjustmentCreate,
    uow: Uow,
    principal: StockManager,
    settings: Settings,
    catalog: Catalog,
) -> StockRead:
    """Change on-hand stock (admin, warehouse staff; a seller for its own variants). A variant
    just created in the catalogue is learnt from the product service on the spot."""
    stock = await variants.adjust_stock(
        uow,
        principal=principal,
        catalog=catalog,
        variant_id=body.variant_id,
        quantity_change=body.quantity_change,
        reason=body.reason,
        type=body.type,
        at=settings.now(),
        default_reorder_point=settings.default_reorder_point,
    )
    await uow.commit()
    return stock


@router.get("/api/warehouse/stock")
@owner("a seller's own variants; admin and warehouse staff any")
async def list_stock(
    uow: Uow,
    principal: StockManager,
    settings: Settings,
    paging: Paging,
    product_id: UUID | None = None,
    seller_id: UUID | None = None,
    variant_id: UUID | None = None,
) -> Page[StockRead]:
    """Stock rows (a seller sees only its own)."""
    if principal.role is Role.seller:
        seller_id = principal.user_id
    return await variants.list_stock(
        uow,
        paging=paging,
        product_id=product_id,
        seller_id=seller_id,
        variant_id=variant_id,
        default_reorder_point=settings.default_reorder_point,
    )


@router.get("/api/warehouse/stock/{variant_id}")
@owner("a seller's own variants; admin and warehouse staff any")
async def get_stock(
    variant_id: UUID, uow: Uow, principal: StockManager, settings: Settings
) -> StockRead:
    """One variant's stock."""
    variants.ensure_may_manage(principal, await variants.get_variant(uow, variant_id))
    page = await variants.list_stock(
        uow,
        paging=PageParams(page=1, page_size=1),
        product_id=None,
        seller_id=None,
        variant_id=variant_id,
        default_reorder_point=settings.default_reorder_point,
    )
    return page.items[0]


@router.get("/api/warehouse/stock/{variant_id}/movements")
@owner("a seller's own variants; admin and warehouse staff any")
async def list_movements(
    variant_id: UUID, uow: Uow, principal: StockManager, paging: Paging
) -> Page[MovementRead]:
    """A variant's movements, newest first."""
    variants.ensure_may_manage(principal, await variants.get_variant(uow, variant_id))
    return await variants.list_movements(uow, paging=paging, variant_id=variant_id)


@router.put("/api/warehouse/stock/{variant_id}/reorder-point")
@owner("a seller's own variants; admin and warehouse staff any")
async def set_reorder_point(
    variant_id: UUID,
    body: ReorderPointUpdate,
    uow: Uow,
    principal: StockManager,
    settings: Settings,
) -> StockRead:
    """Set the available quantity at or below which a low-stock alert opens."""
    stock = await variants.set_reorder_point(
        uow,
        principal=principal,
        variant_id=variant_id,
        reorder_point=body.reorder_point,
        at=settings.now(),
        default_reorder_point=settings.default_reorder_point,
    )
    await uow.commit()
    return stock


@router.get("/api/warehouse/alerts")
@owner("every stock alert (warehouse staff)")
async def list_alerts(
    uow: Uow,
    principal: Staff,
    paging: Paging,
    status: Literal["open", "resolved"] | None = Query(None),
    type: Literal["low_stock", "out_of_stock"] | None = Query(None),
    variant_id: UUID | None = None,
) -> Page[AlertRead]:
    """Stock alerts (warehouse staff)."""
    return await alerts.list_alerts(
        uow, paging=paging, status=status, type_=type, variant_id=variant_id
    )


@router.post("/api/warehouse/alerts/{alert_id}/resolve")
@owner("every stock alert (warehouse staff)")
async def resolve_alert(
    alert_id: UUID,
    uow: Uow,
    principal: Staff,
    settings: Settings,
    body: AlertResolve | None = None,
) -> AlertRead:
    """Resolve an alert; the next fall to the threshold opens a new one."""
    alert = await alerts.resolve_alert(
        uow,
        alert_id=alert_id,
        by=principal.user_id,
        note=(body or AlertResolve()).note,
        at=settings.now(),
    )
    await uow.commit()
    return alert
