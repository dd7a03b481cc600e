"""Writing, editing and reading reviews.

A review needs a delivered purchase of the caller's within its window (403 otherwise), once per
order item (409). Its text goes through the filter: clean text (or none) is approved at once,
anything caught waits for a moderator. The rating is final; an edited text is filtered again —
an approved review whose new text is caught goes back to moderation, a review waiting only
because of the filter is approved once its new text passes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID, uuid4

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from api.events import ReviewCreated
from api.kit.auth import Principal
from api.kit.errors import Forbidden
from api.kit.schemas import Page, PageParams
from api.kit.uow import UnitOfWork
from api.review.errors import AlreadyReviewed, ModerationConflict, ReviewNotFound
from api.review.models import Purchase, Review, ReviewImage, ReviewReply
from api.review.moderation import review_text_problems
from api.review.schemas import ImageRead, ReplyRead, ReviewRead
from api.review.service import decisions, images, purchases
from api.review.service.events import publish

FILTER_REASONS = frozenset({"blocklist", "link", "phone_number"})
Sort = Literal["newest", "oldest", "helpful", "highest", "lowest"]
_ORDERS: dict[str, list[Any]] = {
    "newest": [Review.created_at.desc()],
    "oldest": [Review.created_at.asc()],
    "helpful": [Review.helpful_count.desc(), Review.created_at.desc()],
    "highest": [Review.rating.desc(), Review.created_at.desc()],
    "lowest": [Review.rating.asc(), Review.created_at.desc()],
}


async def create(
    uow: UnitOfWork,
    *,
    user_id: UUID,
    order_item_id: UUID,
    rating: int,
    text: str | None,
    image_ids: list[UUID],
    now: datetime,
) -> Review:
    """Review a delivered order item of the caller's (approved at once when the text passes)."""
    purchase = await purchases.verified_purchase(
        uow, order_item_id=order_item_id, user_id=user_id, now=now
    )
    existing = await uow.session.scalar(
        select(Review.id).where(Review.order_item_id == order_item_id)
    )
    if existing is not None:
        raise AlreadyReviewed(existing)
    reasons = review_text_problems(text)
    review = Review(
        id=uuid4(),
        order_item_id=order_item_id,
        order_id=purchase.order_id,
        user_id=user_id,
        product_id=purchase.product_id,
        variant_id=purchase.variant_id,
        seller_id=purchase.seller_id,
        brand_id=purchase.brand_id,
        rating=rating,
        text=text,
        status="pending",
        moderation_reasons=list(reasons),
        report_count=0,
        helpful_count=0,
        unhelpful_count=0,
        created_at=now,
        updated_at=now,
    )
    uow.session.add(review)
    try:
        await uow.session.flush()
    except IntegrityError as exc:  # written by a concurrent request since the check
        raise AlreadyReviewed(order_item_id) from exc
    await images.attach(uow, review_id=review.id, user_id=user_id, image_ids=image_ids)
    await publish(
        uow,
        review,
        ReviewCreated,
        product_name=purchase.product_name,
        text=text,
        image_count=len(image_ids),
        status="pending" if reasons else "approved",
        moderation_reasons=list(reasons),
        created_at=now,
    )
    if not reasons:
        await decisions.approve(uow, review, by=None, at=now)
    return review


async def load(uow: UnitOfWork, review_id: UUID, *, for_update: bool = False) -> Review:
    """A review by id, or 404."""
    query = select(Review).where(Review.id == review_id)
    if for_update:
        query = query.with_for_update()
    review = await uow.session.scalar(query)
    if review is None:
        raise ReviewNotFound(review_id)
    return review


def may_see(review: Review, principal: Principal | None) -> bool:
    """Approved reviews are public; the others only for their author and admins."""
    if review.status == "approved":
        return True
    return principal is not None and (principal.is_admin or principal.user_id == review.user_id)


async def visible(
    uow: UnitOfWork, review_id: UUID, principal: Principal | None, *, for_update: bool = False
) -> Review:
    """The review if the caller may see it, else 404 (a hidden review's existence is private)."""
    review = await load(uow, review_id, for_update=for_update)
    if not may_see(review, principal):
        raise ReviewNotFound(review_id)
    return review


async def update_text(
    uow: UnitOfWork, review: Review, *, principal: Principal, text: str | None, now: datetime
) -> None:
    """The author changes the text; the filter decides again."""
    if review.user_id != principal.user_id:
        raise Forbidden("Only the author edits a review")
    if review.status == "rejected":
        raise ModerationConflict("A rejected review cannot be edited")
    if text == review.text:
        return
    reasons = review_text_problems(text)
    review.text, review.updated_at = text, now
    if review.status == "approved" and reasons:
        review.moderation_reasons = list(reasons)
        await decisions.flag(
            uow, review, reason="text_filter", flagged_by=principal.user_id, at=now
        )
    elif review.status == "pending" and set(review.moderation_reasons) <= FILTER_REASONS:
        review.moderation_reasons = list(reasons)
        if not reasons:
            await decisions.approve(uow, review, by=None, at=now)


async def views(
    uow: UnitOfWork, reviews: list[Review], *, principal: Principal | None
) -> list[ReviewRead]:
    """Reviews as the caller reads them, with their photos, reply and variant."""
    ids = [r.id for r in reviews]
    if not ids:
        return []
    photos: dict[UUID, list[ImageRead]] = {}
    for image in await uow.session.scalars(
        select(ReviewImage).where(ReviewImage.review_id.in_(ids)).order_by(ReviewImage.position)
    ):
        assert image.review_id is not None
        photos.setdefault(image.review_id, []).append(ImageRead.model_validate(image))
    replies = {
        reply.review_id: ReplyRead.model_validate(reply)
        for reply in await uow.session.scalars(
            select(ReviewReply).where(ReviewReply.review_id.in_(ids))
        )
    }
    variants = {
        row.order_item_id: (row.size, row.color)
        for row in await uow.session.execute(
            select(Purchase.order_item_id, Purchase.size, Purchase.color).where(
                Purchase.order_item_id.in_([r.order_item_id for r in reviews])
            )
        )
    }
    return [
        ReviewRead(
            id=r.id,
            status=r.status,
            order_item_id=r.order_item_id,
            product_id=r.product_id,
            variant_id=r.variant_id,
            user_id=r.user_id,
            seller_id=r.seller_id,
            brand_id=r.brand_id,
            rating=r.rating,
            text=r.text,
            size=variants.get(r.order_item_id, (None, None))[0],
            color=variants.get(r.order_item_id, (None, None))[1],
            images=photos.get(r.id, []),
            helpful_count=r.helpful_count,
            unhelpful_count=r.unhelpful_count,
            reply=replies.get(r.id),
            moderation_reasons=list(r.moderation_reasons) if _private(r, principal) else [],
            created_at=r.created_at,
            updated_at=r.updated_at,
        )
        for r in reviews
    ]


def _private(review: Review, principal: Principal | None) -> bool:
    return principal is not None and (principal.is_admin or principal.user_id == review.user_id)


async def page(
    uow: UnitOfWork,
    *,
    paging: PageParams,
    principal: Principal | None,
    status: str | None = "approved",
    sort: Sort = "newest",
    **filters: Any,
) -> Page[ReviewRead]:
    """A page of reviews in ``status`` (None: any) matching ``filters`` (column = value)."""
    query = select(Review)
    if status is not None:
        query = query.where(Review.status == status)
    for column, wanted in filters.items():
        if wanted is not None:
            query = query.where(getattr(Review, column) == wanted)
    order: list[Any] = _ORDERS[sort]
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = (
        await uow.session.scalars(
            query.order_by(*order, Review.id).offset(paging.offset).limit(paging.page_size)
        )
    ).all()
    return Page(
        items=await views(uow, list(rows), principal=principal),
        total=int(total or 0),
        page=paging.page,
        page_size=paging.page_size,
    )
