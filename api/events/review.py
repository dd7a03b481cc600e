"""``review.*`` events, produced by the review service onto ``review.events``.

A product's rating changes only when a review enters or leaves the approved set; the events of
those moments (approved, flagged back to moderation, rejected or removed) carry the product's
summary after the change — and the seller's, for a seller's product — so the product service
and the seller dashboard keep theirs from the events alone.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime

from api.events.base import EventPayload
from api.events.values import Count, Rating, RatingSummary, ReviewStatus

ModerationReason = Literal["blocklist", "link", "phone_number", "reports"]


class _ReviewEvent(EventPayload):
    """Fields every review event shares."""

    review_id: UUID
    order_id: UUID
    order_item_id: UUID
    product_id: UUID
    variant_id: UUID
    user_id: UUID
    seller_id: UUID | None
    brand_id: UUID | None
    rating: Rating


class _SummaryChange(_ReviewEvent):
    """An event that moved the review into or out of the approved set."""

    summary: RatingSummary
    seller_summary: RatingSummary | None


class ReviewCreated(_ReviewEvent, event_type="review.created", aggregate_type="review"):
    """A buyer reviewed a delivered order item; ``status`` says whether it passed the text
    filter at once (approved) or waits for a moderator (pending, with the reasons)."""

    product_name: str  # as the order froze it (marts name products from it)
    text: str | None
    image_count: Count
    status: ReviewStatus = "pending"
    moderation_reasons: list[ModerationReason] = []
    created_at: AwareDatetime


class ReviewApproved(_SummaryChange, event_type="review.approved", aggregate_type="review"):
    """A review was approved (by the text filter at once, or by a moderator); it now counts in
    the product's rating."""

    approved_by: UUID | None  # null when the text filter approved it
    approved_at: AwareDatetime


class ReviewFlagged(_SummaryChange, event_type="review.flagged", aggregate_type="review"):
    """An approved review went back to moderation: reported by three users (``reason`` is the
    most common report reason) or edited into text the filter stops (``text_filter``)."""

    reason: Literal["spam", "offensive", "irrelevant", "fake", "other", "text_filter"]
    report_count: Count
    flagged_by: UUID | None
    flagged_at: AwareDatetime


class ReviewRejected(_ReviewEvent, event_type="review.rejected", aggregate_type="review"):
    """A moderator rejected a review waiting for moderation, or removed an approved one
    (``was_approved``: the rating changed, and the summaries after the change are carried;
    null otherwise)."""

    was_approved: bool
    summary: RatingSummary | None
    seller_summary: RatingSummary | None
    rejected_by: UUID
    rejected_at: AwareDatetime


class ReviewReplied(_ReviewEvent, event_type="review.replied", aggregate_type="review"):
    """The product's seller, or a manager of its house brand, answered a review publicly."""

    reply_author_id: UUID
    reply_author_kind: Literal["seller", "brand"]
    replied_at: AwareDatetime
