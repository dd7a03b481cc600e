"""What other people do with a review: vote on it, report it, and — the product's seller or
its house brand — answer it once in public.

Votes are one per user and changeable, never on one's own review. Reports are one per user,
never on one's own; the third report since the last moderator decision sends an approved
review back to moderation. Replies pass the same link and phone-number filter as reviews: a
seller may not take the buyer off the platform in public either.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from api.events import ReviewReplied
from api.kit.auth import Principal, Role
from api.kit.errors import Forbidden, Unprocessable
from api.kit.uow import UnitOfWork
from api.review.errors import AlreadyReplied, AlreadyReported, OwnReview, ReviewNotFound
from api.review.models import Review, ReviewReply, ReviewReport, ReviewVote
from api.review.moderation import review_text_problems
from api.review.service import decisions
from api.review.service.brands import BrandDirectory
from api.review.service.events import publish


def _public(review: Review) -> None:
    if review.status != "approved":
        raise ReviewNotFound(review.id)


async def vote(
    uow: UnitOfWork, review: Review, *, user_id: UUID, helpful: bool, at: datetime
) -> None:
    """Record (or change) the caller's vote and recount the review's votes."""
    _public(review)
    if review.user_id == user_id:
        raise OwnReview("vote on")
    statement = insert(ReviewVote).values(
        review_id=review.id, user_id=user_id, helpful=helpful, created_at=at, updated_at=at
    )
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=[ReviewVote.review_id, ReviewVote.user_id],
            set_={"helpful": statement.excluded.helpful, "updated_at": at},
        )
    )
    counts = dict(
        (
            await uow.session.execute(
                select(ReviewVote.helpful, func.count())
                .where(ReviewVote.review_id == review.id)
                .group_by(ReviewVote.helpful)
            )
        ).all()
    )
    review.helpful_count, review.unhelpful_count = counts.get(True, 0), counts.get(False, 0)


async def report(
    uow: UnitOfWork,
    review: Review,
    *,
    user_id: UUID,
    reason: str,
    note: str | None,
    threshold: int,
    at: datetime,
) -> None:
    """Record the caller's report; the ``threshold``-th sends the review back to moderation."""
    _public(review)
    if review.user_id == user_id:
        raise OwnReview("report")
    inserted = await uow.session.execute(
        insert(ReviewReport)
        .values(review_id=review.id, user_id=user_id, reason=reason, note=note, created_at=at)
        .on_conflict_do_nothing()
        .returning(ReviewReport.user_id)
    )
    if inserted.first() is None:
        raise AlreadyReported()
    review.report_count += 1
    if review.report_count >= threshold:
        if "reports" not in review.moderation_reasons:
            review.moderation_reasons = [*review.moderation_reasons, "reports"]
        common = await decisions.most_reported_reason(uow, review, since=review.moderated_at)
        await decisions.flag(uow, review, reason=common, flagged_by=None, at=at)


async def reply(
    uow: UnitOfWork,
    review: Review,
    *,
    principal: Principal,
    text: str,
    brands: BrandDirectory,
    at: datetime,
) -> ReviewReply:
    """The product's seller, or the manager of the house brand it was sold under, answers."""
    _public(review)
    kind = await _replier(review, principal, brands)
    problems = review_text_problems(text)
    if problems:
        raise Unprocessable(
            f"A public reply may not contain {', '.join(p.replace('_', ' ') for p in problems)}",
            field="text",
        )
    if await uow.session.get(ReviewReply, review.id) is not None:
        raise AlreadyReplied()
    answer = ReviewReply(
        review_id=review.id, author_id=principal.user_id, author_kind=kind, text=text, created_at=at
    )
    uow.session.add(answer)
    await uow.session.flush()
    await publish(
        uow,
        review,
        ReviewReplied,
        reply_author_id=principal.user_id,
        reply_author_kind=kind,
        replied_at=at,
    )
    return answer


async def _replier(review: Review, principal: Principal, brands: BrandDirectory) -> str:
    if principal.role is Role.seller and review.seller_id == principal.user_id:
        return "seller"
    if (
        principal.role is Role.brand_manager
        and review.seller_id is None
        and review.brand_id is not None
        and await brands.manager_of(review.brand_id) == principal.user_id
    ):
        return "brand"
    raise Forbidden("Only the product's seller or its brand's manager replies to a review")
