"""``/api/reviews``: buyers write and edit reviews of what was delivered to them; everyone reads
the approved ones."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Request

from api.kit.access import owner, public
from api.kit.auth import CurrentPrincipal, OptionalPrincipal, Principal
from api.kit.deps import Uow, app_state
from api.kit.media import MediaStorage
from api.kit.schemas import Page, Paging
from api.review.schemas import (
    EligibleItem,
    ImageRead,
    ReviewCreate,
    ReviewRead,
    ReviewUpdate,
    SummaryRead,
)
from api.review.service import images, purchases, reviews, summaries
from api.review.settings import ReviewSettings

router = APIRouter(tags=["reviews"])

Settings = Annotated[ReviewSettings, Depends(app_state("settings"))]
Storage = Annotated[MediaStorage, Depends(app_state("media_storage"))]


async def _one(uow: Uow, review_id: UUID, principal: Principal | None) -> ReviewRead:
    review = await reviews.visible(uow, review_id, principal)
    (view,) = await reviews.views(uow, [review], principal=principal)
    return view


@router.post("/api/reviews", status_code=201)
@owner("the caller's own delivered purchase (403 for anyone else's); own uploads only")
async def create_review(
    body: ReviewCreate, uow: Uow, principal: CurrentPrincipal, settings: Settings
) -> ReviewRead:
    """Review a delivered order item of yours (within 90 days of delivery; once per item)."""
    review = await reviews.create(
        uow,
        user_id=principal.user_id,
        order_item_id=body.order_item_id,
        rating=body.rating,
        text=body.text,
        image_ids=body.images,
        now=settings.now(),
    )
    await uow.commit()
    return await _one(uow, review.id, principal)


@router.post("/api/reviews/images", status_code=201)
@owner("the caller's own upload (attachable by them only)")
async def upload_image(
    request: Request,
    uow: Uow,
    principal: CurrentPrincipal,
    settings: Settings,
    storage: Storage,
    content_type: Annotated[str, Header(max_length=200)] = "application/octet-stream",
) -> ImageRead:
    """Upload one photo as the raw body (``Content-Type: image/jpeg|png|webp``, ≤ 5 MiB);
    name its id in ``images`` when writing the review."""
    image = await images.upload(
        uow,
        user_id=principal.user_id,
        storage=storage,
        data=await request.body(),
        content_type=content_type,
        max_waiting=settings.max_unattached_images,
        at=settings.now(),
    )
    await uow.commit()
    return ImageRead.model_validate(image)


@router.get("/api/reviews")
@owner("approved reviews only, anyone's")
async def list_reviews(
    uow: Uow,
    paging: Paging,
    principal: OptionalPrincipal,
    product_id: UUID | None = None,
    seller_id: UUID | None = None,
    rating: Annotated[int | None, Query(ge=1, le=5)] = None,
    sort: reviews.Sort = "newest",
) -> Page[ReviewRead]:
    """Approved reviews, of a product or a seller, newest (or most helpful, highest…) first."""
    return await reviews.page(
        uow,
        paging=paging,
        principal=principal,
        sort=sort,
        product_id=product_id,
        seller_id=seller_id,
        rating=rating,
    )


@router.get("/api/reviews/mine")
@owner("the caller's own reviews, any status")
async def my_reviews(uow: Uow, paging: Paging, principal: CurrentPrincipal) -> Page[ReviewRead]:
    """Your reviews, whatever their moderation status."""
    return await reviews.page(
        uow, paging=paging, principal=principal, status=None, user_id=principal.user_id
    )


@router.get("/api/reviews/eligible")
@owner("the caller's own delivered order items")
async def eligible_items(
    uow: Uow, principal: CurrentPrincipal, settings: Settings
) -> list[EligibleItem]:
    """Your delivered order items you may still review, newest delivery first."""
    rows = await purchases.eligible(uow, user_id=principal.user_id, now=settings.now())
    return [EligibleItem.model_validate(row) for row in rows]


@router.get("/api/reviews/products/{product_id}/summary")
@public("a product's rating over its approved reviews")
async def product_summary(product_id: UUID, uow: Uow) -> SummaryRead:
    """A product's rating over its approved reviews (the product service shows the same)."""
    return await summaries.product_summary(uow, product_id)


@router.get("/api/reviews/sellers/{seller_id}/summary")
@public("a seller's rating over its products' approved reviews")
async def seller_summary(seller_id: UUID, uow: Uow) -> SummaryRead:
    """A seller's rating over the approved reviews of all its products (its dashboard's)."""
    return await summaries.seller_summary(uow, seller_id)


@router.get("/api/reviews/{review_id}")
@owner("an approved review; a hidden one to its author and admins only (404 to others)")
async def get_review(review_id: UUID, uow: Uow, principal: OptionalPrincipal) -> ReviewRead:
    """An approved review; its author and admins see it whatever its status."""
    return await _one(uow, review_id, principal)


@router.patch("/api/reviews/{review_id}")
@owner("the author's own review (404 to others)")
async def edit_review(
    review_id: UUID, body: ReviewUpdate, uow: Uow, principal: CurrentPrincipal, settings: Settings
) -> ReviewRead:
    """Change your review's text (the rating cannot change); the filter checks it again."""
    review = await reviews.visible(uow, review_id, principal, for_update=True)
    await reviews.update_text(uow, review, principal=principal, text=body.text, now=settings.now())
    await uow.commit()
    return await _one(uow, review_id, principal)
