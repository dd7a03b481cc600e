"""Votes, reports, the seller's or brand's reply, and moderation of ``/api/reviews/{id}``."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends

from api.kit.access import owner
from api.kit.auth import CurrentPrincipal, Principal, Role, require_roles
from api.kit.deps import Uow, app_state
from api.kit.schemas import Page, Paging
from api.review.schemas import (
    ModerationDecision,
    ReplyCreate,
    ReplyRead,
    ReportCreate,
    ReportRead,
    ReviewRead,
    VoteCreate,
    VoteRead,
)
from api.review.service import community, decisions, reviews
from api.review.service.brands import BrandDirectory
from api.review.settings import ReviewSettings

router = APIRouter(tags=["review community"])

Settings = Annotated[ReviewSettings, Depends(app_state("settings"))]
Brands = Annotated[BrandDirectory, Depends(app_state("brands"))]
Admin = Annotated[Principal, require_roles(Role.admin)]
Replier = Annotated[Principal, require_roles(Role.seller, Role.brand_manager)]


@router.post("/api/reviews/{review_id}/votes")
@owner("an approved review of someone else (403 on one's own); the caller's own vote")
async def vote(
    review_id: UUID, body: VoteCreate, uow: Uow, principal: CurrentPrincipal, settings: Settings
) -> VoteRead:
    """Helpful or not: one vote per user, changeable; never on your own review (403)."""
    review = await reviews.visible(uow, review_id, principal, for_update=True)
    await community.vote(
        uow, review, user_id=principal.user_id, helpful=body.helpful, at=settings.now()
    )
    await uow.commit()
    return VoteRead(
        review_id=review.id,
        helpful=body.helpful,
        helpful_count=review.helpful_count,
        unhelpful_count=review.unhelpful_count,
    )


@router.post("/api/reviews/{review_id}/reports", status_code=201)
@owner("an approved review of someone else; the caller's own report, once")
async def report(
    review_id: UUID, body: ReportCreate, uow: Uow, principal: CurrentPrincipal, settings: Settings
) -> ReportRead:
    """Report a review (once); three reports send it back to moderation."""
    review = await reviews.visible(uow, review_id, principal, for_update=True)
    await community.report(
        uow,
        review,
        user_id=principal.user_id,
        reason=body.reason,
        note=body.note,
        threshold=settings.reports_to_flag,
        at=settings.now(),
    )
    await uow.commit()
    return ReportRead(review_id=review.id, reason=body.reason, status=review.status)


@router.post("/api/reviews/{review_id}/reply", status_code=201)
@owner("a review of the seller's own product, or of its house brand's (its managers)")
async def reply(
    review_id: UUID,
    body: ReplyCreate,
    uow: Uow,
    principal: Replier,
    brands: Brands,
    settings: Settings,
) -> ReplyRead:
    """The product's seller, or its house brand's manager, answers the review once, publicly."""
    review = await reviews.visible(uow, review_id, principal, for_update=True)
    answer = await community.reply(
        uow, review, principal=principal, text=body.text, brands=brands, at=settings.now()
    )
    await uow.commit()
    return ReplyRead.model_validate(answer)


@router.get("/api/reviews/moderation/queue")
@owner("every review waiting for a moderator (admins)")
async def moderation_queue(uow: Uow, paging: Paging, principal: Admin) -> Page[ReviewRead]:
    """Reviews waiting for a moderator, oldest first (admins)."""
    return await reviews.page(
        uow, paging=paging, principal=principal, status="pending", sort="oldest"
    )


@router.post("/api/reviews/{review_id}/moderate")
@owner("any review (admins)")
async def moderate(
    review_id: UUID, body: ModerationDecision, uow: Uow, principal: Admin, settings: Settings
) -> ReviewRead:
    """Approve a waiting review, or reject (remove) one (admins)."""
    review = await reviews.load(uow, review_id, for_update=True)
    if body.decision == "approve":
        await decisions.approve(uow, review, by=principal.user_id, at=settings.now())
    else:
        await decisions.reject(uow, review, by=principal.user_id, note=body.note, at=settings.now())
    await uow.commit()
    (view,) = await reviews.views(uow, [review], principal=principal)
    return view
