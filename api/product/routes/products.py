"""``/api/products``: create and change products (authors), search and read (everyone)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Query, Request, Response

from api.kit.access import owner, public
from api.kit.auth import OptionalPrincipal, Principal, Role, require_roles
from api.kit.deps import Uow
from api.kit.media import MediaStorage
from api.kit.schemas import Paging, rupiah_query
from api.product import search as catalogue_search
from api.product.schemas import (
    ImageRead,
    ProductCreate,
    ProductRead,
    ProductUpdate,
    RatingRead,
    SearchPage,
    StatusChange,
    VariantCreate,
    VariantRead,
    VariantUpdate,
)
from api.product.service import catalog, images, reading
from api.product.service import variants as variant_service

router = APIRouter(tags=["products"])

Author = Annotated[Principal, require_roles(Role.admin, Role.brand_manager, Role.seller)]


async def _page(uow: Uow, product_id: UUID, principal: Principal) -> ProductRead:
    product = await catalog.load_product(uow, product_id=product_id)
    return await reading.render(uow, product, private=True)


@router.post("/api/products", status_code=201, response_model=ProductRead)
@owner("a seller's own product; admin and brand managers house products; house costs admin only")
async def create_product(body: ProductCreate, uow: Uow, principal: Author) -> ProductRead:
    """Admins and brand managers create house products; a seller creates its own."""
    data = body.model_dump()
    product = await catalog.create_product(uow, principal=principal, **data)
    await uow.commit()
    return await _page(uow, product.id, principal)


@router.get("/api/products", response_model=SearchPage)
@public("none: active products only")
async def search_products(
    uow: Uow,
    paging: Paging,
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="words, typos welcome")] = None,
    category_id: UUID | None = None,
    brand_id: UUID | None = None,
    seller_id: UUID | None = None,
    min_price: Annotated[int | None, rupiah_query()] = None,
    max_price: Annotated[int | None, rupiah_query()] = None,
    size: Annotated[str | None, Query(max_length=40)] = None,
    color: Annotated[str | None, Query(max_length=40)] = None,
    in_stock: bool = False,
    sort: catalogue_search.Sort = "relevance",
) -> SearchPage:
    """Full-text search over active products with filters, sorting and paging; the total stops
    counting at a cap (``total_capped`` then says there are more)."""
    filters = catalogue_search.SearchFilters(
        q=q,
        category_id=category_id,
        brand_id=brand_id,
        seller_id=seller_id,
        min_price=min_price,
        max_price=max_price,
        size=size,
        color=color,
        in_stock=in_stock,
        sort=sort,
    )
    settings = request.app.state.settings
    hits = await catalogue_search.search(
        uow,
        filters=filters,
        paging=paging,
        total_cap=settings.search_total_cap,
        rank_candidates=settings.search_rank_candidates,
    )
    return SearchPage(
        items=hits.items,
        total=hits.total,
        total_capped=hits.capped,
        page=paging.page,
        page_size=paging.page_size,
    )


@router.get("/api/products/{product_id}", response_model=ProductRead)
@owner(
    "any active product of a seller in good standing; drafts, a suspended seller's products "
    "and cost prices to its seller, brand managers (house), admin"
)
async def get_product(product_id: UUID, uow: Uow, principal: OptionalPrincipal) -> ProductRead:
    """A product with its variants, their availability and (house products) brand offers."""
    return await reading.read_product(uow, product_id=product_id, principal=principal)


@router.get("/api/products/{product_id}/rating", response_model=RatingRead)
@owner("any active product's rating; a draft's to its seller, brand managers (house), admin")
async def get_rating(product_id: UUID, uow: Uow, principal: OptionalPrincipal) -> RatingRead:
    """The product's rating over its approved reviews (kept from the review service's events)."""
    product = await reading.visible_product(uow, product_id=product_id, principal=principal)
    return reading.rating(product)


@router.patch("/api/products/{product_id}", response_model=ProductRead)
@owner("a seller's own product; brand managers house products; admin any")
async def update_product(
    product_id: UUID, body: ProductUpdate, uow: Uow, principal: Author
) -> ProductRead:
    """Change name, description or category (the owner, or staff for house products)."""
    changes = body.model_dump(exclude_unset=True)
    await catalog.update_product(uow, principal=principal, product_id=product_id, changes=changes)
    await uow.commit()
    return await _page(uow, product_id, principal)


@router.post("/api/products/{product_id}/status", response_model=ProductRead)
@owner("a seller's own product; brand managers house products; admin any")
async def change_status(
    product_id: UUID, body: StatusChange, uow: Uow, principal: Author
) -> ProductRead:
    """Move the product through draft → active ⇄ inactive → discontinued (409 otherwise)."""
    await catalog.change_status(uow, principal=principal, product_id=product_id, status=body.status)
    await uow.commit()
    return await _page(uow, product_id, principal)


@router.delete("/api/products/{product_id}", status_code=204)
@owner("a seller's own product; brand managers house products; admin any")
async def delete_product(product_id: UUID, uow: Uow, principal: Author) -> Response:
    """Remove the product from the catalogue (product.deleted)."""
    await catalog.delete_product(uow, principal=principal, product_id=product_id)
    await uow.commit()
    return Response(status_code=204)


@router.post("/api/products/{product_id}/variants", status_code=201, response_model=VariantRead)
@owner("a seller's own product; brand managers house products; admin any; house costs admin only")
async def add_variant(
    product_id: UUID, body: VariantCreate, uow: Uow, principal: Author
) -> VariantRead:
    """Add a SKU (product.variant_added)."""
    product = await catalog.load_product(uow, product_id=product_id, for_update=True)
    variant = await variant_service.add_variant(
        uow, principal=principal, product=product, variant=body.model_dump()
    )
    await uow.commit()
    page = await _page(uow, product_id, principal)
    return next(v for v in page.variants if v.id == variant.id)


@router.patch("/api/products/{product_id}/variants/{variant_id}", response_model=VariantRead)
@owner("a seller's own product; brand managers house products; admin any; house costs admin only")
async def update_variant(
    product_id: UUID, variant_id: UUID, body: VariantUpdate, uow: Uow, principal: Author
) -> VariantRead:
    """Reprice or reweigh a SKU (product.updated)."""
    product = await catalog.load_product(uow, product_id=product_id, for_update=True)
    await variant_service.update_variant(
        uow,
        principal=principal,
        product=product,
        variant_id=variant_id,
        changes=body.model_dump(exclude_unset=True),
    )
    await uow.commit()
    page = await _page(uow, product_id, principal)
    return next(v for v in page.variants if v.id == variant_id)


@router.post("/api/products/{product_id}/images", status_code=201, response_model=ImageRead)
@owner("a seller's own product; brand managers house products; admin any")
async def upload_image(
    product_id: UUID,
    request: Request,
    uow: Uow,
    principal: Author,
    content_type: Annotated[str, Header()] = "application/octet-stream",
) -> ImageRead:
    """Upload one image as the raw request body (``Content-Type: image/jpeg|png|webp``)."""
    product = await catalog.load_product(uow, product_id=product_id)
    storage: MediaStorage = request.app.state.media_storage
    image = await images.add_image(
        uow,
        principal=principal,
        product=product,
        storage=storage,
        data=await request.body(),
        content_type=content_type,
    )
    await uow.commit()
    return ImageRead.model_validate(image)
