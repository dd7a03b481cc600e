"""``/api/brands``: the public brand list, brand pricing and curation for brand managers."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends

from api.brand.schemas import (
    BrandPriceRead,
    BrandPriceSet,
    BrandProductRead,
    BrandRead,
    CollectionCreate,
    CollectionRead,
    CurationItemRead,
    FlagsUpdate,
    ManagerAssign,
)
from api.brand.service import brands, collections, curation, pricing
from api.brand.service.variants import VariantCatalog
from api.kit.access import owner, public
from api.kit.auth import Principal, Role, require_roles
from api.kit.deps import Uow, app_state
from api.kit.schemas import Page, Paging

router = APIRouter(tags=["brands"])

Admin = Annotated[Principal, require_roles(Role.admin)]
Manager = Annotated[Principal, require_roles(Role.admin, Role.brand_manager)]


Catalog = Annotated[VariantCatalog, Depends(app_state("catalog"))]


@router.get("/api/brands", response_model=Page[BrandRead])
@public("none: the house brands")
async def list_brands(uow: Uow, paging: Paging) -> Page[BrandRead]:
    """The house brands (public)."""
    rows, total = await brands.list_brands(uow, offset=paging.offset, limit=paging.page_size)
    items = [BrandRead.model_validate(b) for b in rows]
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)


# Declared before /api/brands/{brand_id} so "curation-queue" is not read as a brand id.
@router.get("/api/brands/curation-queue", response_model=Page[CurationItemRead])
@owner("the shared curation queue: any brand manager")
async def curation_queue(
    uow: Uow,
    paging: Paging,
    principal: Manager,
    status: Literal["pending", "curated", "dismissed"] = "pending",
) -> Page[CurationItemRead]:
    """New house products waiting to be curated into brands."""
    rows, total = await curation.list_queue(
        uow, status=status, offset=paging.offset, limit=paging.page_size
    )
    items = [CurationItemRead.model_validate(r) for r in rows]
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)


@router.post("/api/brands/curation-queue/{product_id}/dismiss", response_model=CurationItemRead)
@owner("the shared curation queue: any brand manager")
async def dismiss_curation(product_id: UUID, uow: Uow, principal: Manager) -> CurationItemRead:
    """Take a product off the queue without pricing it in any brand."""
    item = await curation.dismiss(uow, product_id=product_id)
    await uow.commit()
    return CurationItemRead.model_validate(item)


@router.get("/api/brands/{brand_id}", response_model=BrandRead)
@public("none: one house brand")
async def get_brand(brand_id: UUID, uow: Uow) -> BrandRead:
    """One brand (public)."""
    return BrandRead.model_validate(await brands.get_brand(uow, brand_id=brand_id))


@router.put("/api/brands/{brand_id}/manager", response_model=BrandRead)
@owner("any brand (admins only)")
async def assign_manager(brand_id: UUID, body: ManagerAssign, uow: Uow, admin: Admin) -> BrandRead:
    """Make a brand_manager user the brand's manager (admins only)."""
    brand = await brands.assign_manager(
        uow, brand_id=brand_id, manager_user_id=body.manager_user_id
    )
    await uow.commit()
    return BrandRead.model_validate(brand)


@router.put("/api/brands/{brand_id}/products/{variant_id}", response_model=BrandPriceRead)
@owner("the brand the caller manages; admin any")
async def set_brand_price(
    brand_id: UUID,
    variant_id: UUID,
    body: BrandPriceSet,
    uow: Uow,
    principal: Manager,
    catalog: Catalog,
) -> BrandPriceRead:
    """Sell a house variant under the brand at ``price`` (422 below the minimum margin)."""
    row = await pricing.set_price(
        uow,
        principal=principal,
        brand_id=brand_id,
        variant_id=variant_id,
        price=body.price,
        catalog=catalog,
    )
    await uow.commit()
    return BrandPriceRead(brand_id=row.brand_id, variant_id=row.variant_id, price=row.price)


@router.patch("/api/brands/{brand_id}/products/{variant_id}", response_model=BrandProductRead)
@owner("the brand the caller manages; admin any")
async def set_flags(
    brand_id: UUID, variant_id: UUID, body: FlagsUpdate, uow: Uow, principal: Manager
) -> BrandProductRead:
    """Mark a brand product featured, new arrival or on sale."""
    row = await pricing.set_flags(
        uow,
        principal=principal,
        brand_id=brand_id,
        variant_id=variant_id,
        flags=body.model_dump(exclude_unset=True),
    )
    await uow.commit()
    return BrandProductRead.model_validate(row)


@router.get("/api/brands/{brand_id}/products", response_model=Page[BrandProductRead])
@public("none: a brand's public prices")
async def list_brand_products(
    brand_id: UUID,
    uow: Uow,
    paging: Paging,
    flag: Literal["is_featured", "is_new_arrival", "is_on_sale"] | None = None,
) -> Page[BrandProductRead]:
    """A brand's products (public), optionally only featured / new / on sale."""
    rows, total = await pricing.list_brand_products(
        uow, brand_id=brand_id, flag=flag, offset=paging.offset, limit=paging.page_size
    )
    items = [BrandProductRead.model_validate(r) for r in rows]
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)


@router.post("/api/brands/{brand_id}/collections", status_code=201, response_model=CollectionRead)
@owner("the brand the caller manages; admin any")
async def create_collection(
    brand_id: UUID, body: CollectionCreate, uow: Uow, principal: Manager
) -> CollectionRead:
    """A named selection of the brand's products (brand.collection_created)."""
    collection, members = await collections.create_collection(
        uow, principal=principal, brand_id=brand_id, **body.model_dump()
    )
    await uow.commit()
    return CollectionRead(
        id=collection.id,
        brand_id=brand_id,
        name=collection.name,
        slug=collection.slug,
        description=collection.description,
        brand_product_ids=members,
        created_at=collection.created_at,
    )


@router.get("/api/brands/{brand_id}/collections", response_model=list[CollectionRead])
@public("none: a brand's collections")
async def list_collections(brand_id: UUID, uow: Uow) -> list[CollectionRead]:
    """The brand's collections (public)."""
    return [
        CollectionRead(
            id=c.id,
            brand_id=c.brand_id,
            name=c.name,
            slug=c.slug,
            description=c.description,
            brand_product_ids=members,
            created_at=c.created_at,
        )
        for c, members in await collections.list_collections(uow, brand_id=brand_id)
    ]
