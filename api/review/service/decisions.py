"""A review's moderation states and the only moments its product's rating changes.

    pending → approved        the text filter passed it at once, or a moderator approved it
    pending → rejected        a moderator said no
    approved → pending        three reports, or an edit the filter stops (review.flagged)
    approved → rejected       a moderator removed it
    rejected: final

Entering ``approved`` counts the rating in; leaving it counts the rating out — in the same
transaction, with the summaries after the change in the event.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from uuid import UUID

from sqlalchemy import select

from api.events import ReviewApproved, ReviewFlagged, ReviewRejected
from api.kit.uow import UnitOfWork
from api.review.errors import ModerationConflict
from api.review.models import Review, ReviewReport
from api.review.service import summaries
from api.review.service.events import publish


async def approve(uow: UnitOfWork, review: Review, *, by: UUID | None, at: datetime) -> None:
    """Approve a pending review: it counts in the product's rating from now on."""
    if review.status != "pending":
        raise ModerationConflict(
            f"Only a pending review can be approved; this one is {review.status}"
        )
    review.status, review.approved_at, review.updated_at = "approved", at, at
    review.report_count = 0  # earlier reports were weighed by this decision
    if by is not None:
        review.moderated_by, review.moderated_at = by, at
    summary, seller_summary = await summaries.apply(uow, review, approved=True, at=at)
    await publish(
        uow,
        review,
        ReviewApproved,
        summary=summary,
        seller_summary=seller_summary,
        approved_by=by,
        approved_at=at,
    )


async def reject(
    uow: UnitOfWork, review: Review, *, by: UUID, note: str | None, at: datetime
) -> None:
    """Reject a pending review, or remove an approved one (its rating is counted out)."""
    if review.status == "rejected":
        raise ModerationConflict("This review has already been rejected")
    was_approved = review.status == "approved"
    review.status, review.updated_at = "rejected", at
    review.moderated_by, review.moderated_at, review.moderation_note = by, at, note
    summary, seller_summary = (
        await summaries.apply(uow, review, approved=False, at=at) if was_approved else (None, None)
    )
    await publish(
        uow,
        review,
        ReviewRejected,
        summary=summary,
        seller_summary=seller_summary,
        was_approved=was_approved,
        rejected_by=by,
        rejected_at=at,
    )


async def flag(
    uow: UnitOfWork,
    review: Review,
    *,
    reason: str,
    flagged_by: UUID | None,
    at: datetime,
) -> None:
    """Send an approved review back to moderation (reports, or a filtered edit)."""
    review.status, review.updated_at = "pending", at
    summary, seller_summary = await summaries.apply(uow, review, approved=False, at=at)
    await publish(
        uow,
        review,
        ReviewFlagged,
        summary=summary,
        seller_summary=seller_summary,
        reason=reason,
        report_count=review.report_count,
        flagged_by=flagged_by,
        flagged_at=at,
    )


async def most_reported_reason(uow: UnitOfWork, review: Review, *, since: datetime | None) -> str:
    """The reason most reports gave since the last decision (ties: the first given)."""
    query = select(ReviewReport.reason).where(ReviewReport.review_id == review.id)
    if since is not None:
        query = query.where(ReviewReport.created_at > since)
    reasons = list((await uow.session.scalars(query.order_by(ReviewReport.created_at))).all())
    return Counter(reasons).most_common(1)[0][0] if reasons else "other"
