"""Grosir routes: bundle configs (staff), availability (anyone), the per-product view."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter

from api.kit.access import owner, public
from api.kit.auth import Principal, Role, require_roles
from api.kit.deps import Uow
from api.kit.errors import NotFound
from api.warehouse.routes.deps import Catalog, Settings, Staff
from api.warehouse.schemas import BundleConfigPut, BundleRead, GrosirAvailability
from api.warehouse.service import grosir

router = APIRouter(tags=["grosir"])

Viewer = Annotated[Principal, require_roles(Role.admin, Role.warehouse_staff, Role.brand_manager)]


@router.put("/api/grosir/bundles/{product_id}")
@owner("any house product's bundle (central warehouse)")
async def put_bundle(
    product_id: UUID,
    body: BundleConfigPut,
    uow: Uow,
    principal: Staff,
    settings: Settings,
    catalog: Catalog,
) -> BundleRead:
    """Set a house product's bundle (units per variant) and tolerances (``max_excess_units``)."""
    view = await grosir.put_bundle(
        uow,
        catalog=catalog,
        product_id=product_id,
        body=body,
        by=principal.user_id,
        at=settings.now(),
        default_reorder_point=settings.default_reorder_point,
    )
    await uow.commit()
    return view


@router.get("/api/grosir/bundles/{product_id}")
@owner("any house product's bundle (central warehouse)")
async def get_bundle(product_id: UUID, uow: Uow, principal: Viewer) -> BundleRead:
    """Every variant of the product's bundle: stock, backorders, surplus, lock state."""
    view = await grosir.bundle_view(uow, product_id=product_id)
    if view is None:
        raise NotFound(f"Product {product_id} has no grosir bundle config")
    return view


@router.get("/api/grosir/availability/{variant_id}")
@public("none: what can be ordered of a variant now")
async def availability(variant_id: UUID, uow: Uow) -> GrosirAvailability:
    """What can be ordered of a variant now (public: carts and product pages ask)."""
    return await grosir.availability(uow, variant_id=variant_id)
