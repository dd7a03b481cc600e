"""``review.*`` events, produced by the review service onto ``review.events``."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime

from api.events.base import EventPayload
from api.events.values import Count, Rating


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


class ReviewCreated(_ReviewEvent, event_type="review.created", aggregate_type="review"):
    """A buyer reviewed a delivered order item (pending moderation)."""

    text: str | None
    image_count: Count
    created_at: AwareDatetime


class ReviewApproved(_ReviewEvent, event_type="review.approved", aggregate_type="review"):
    """A moderator approved a review; it now counts in the product's rating."""

    approved_by: UUID
    approved_at: AwareDatetime


class ReviewFlagged(_ReviewEvent, event_type="review.flagged", aggregate_type="review"):
    """A review was flagged for moderation (reported by users or caught by a filter)."""

    reason: Literal["spam", "offensive", "irrelevant", "fake", "other"]
    report_count: Count
    flagged_by: UUID | None
    flagged_at: AwareDatetime
