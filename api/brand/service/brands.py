"""Brands: listing, managers, and the rule that a brand manager acts only on its own brands."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select

from api.brand.errors import BrandNotFound, NotBrandManager
from api.brand.models import Brand
from api.kit.auth import Principal, Role
from api.kit.uow import UnitOfWork


async def get_brand(uow: UnitOfWork, *, brand_id: UUID, for_update: bool = False) -> Brand:
    """The brand, or 404."""
    query = select(Brand).where(Brand.id == brand_id)
    if for_update:
        query = query.with_for_update()
    brand = await uow.session.scalar(query)
    if brand is None:
        raise BrandNotFound(f"Brand {brand_id} does not exist")
    return brand


def ensure_manages(principal: Principal, brand: Brand) -> None:
    """403 unless the caller is an admin or this brand's manager."""
    if principal.is_admin:
        return
    if principal.role is Role.brand_manager and brand.manager_user_id == principal.user_id:
        return
    raise NotBrandManager(f"You do not manage the brand {brand.name}")


async def list_brands(uow: UnitOfWork, *, offset: int, limit: int) -> tuple[list[Brand], int]:
    """One page of brands by name, and how many there are."""
    total = await uow.session.scalar(select(func.count()).select_from(Brand))
    rows = await uow.session.scalars(select(Brand).order_by(Brand.name).offset(offset).limit(limit))
    return list(rows), int(total or 0)


async def assign_manager(uow: UnitOfWork, *, brand_id: UUID, manager_user_id: UUID | None) -> Brand:
    """Make ``manager_user_id`` the brand's manager (admins only; None removes the manager)."""
    brand = await get_brand(uow, brand_id=brand_id, for_update=True)
    brand.manager_user_id = manager_user_id
    await uow.session.flush()
    return brand
