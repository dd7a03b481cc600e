"""Request and response models of the review service (DESIGN §10 fixes the review's shapes).

A rating-only review is allowed: leave ``text`` out (or null). Text, when given, has at least
one character that is not a space (an empty string is refused, naming ``text``) and at most
2,000; the rating can never be changed afterwards, the text can.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field, Strict, field_validator

from api.kit.schemas import ReadSchema, Schema

MAX_IMAGES = 10
TEXT_MAX_LENGTH = 2000

Stars = Annotated[int, Strict(), Field(ge=1, le=5, description="1–5 stars")]
ReviewText = Annotated[
    str,
    Field(min_length=1, max_length=TEXT_MAX_LENGTH, description="omit for a rating-only review"),
]
ReportReason = Literal["spam", "offensive", "irrelevant", "fake", "other"]


class ReviewCreate(Schema):
    """Review a delivered order item of yours; ``images`` are upload ids
    (``POST /api/reviews/images``), at most 10."""

    order_item_id: UUID
    rating: Stars
    text: ReviewText | None = None
    images: Annotated[list[UUID], Field(max_length=MAX_IMAGES)] = []

    @field_validator("images")
    @classmethod
    def _distinct(cls, value: list[UUID]) -> list[UUID]:
        if len(set(value)) != len(value):
            raise ValueError("each image at most once")
        return value


class ReviewUpdate(Schema):
    """Change the text (the rating is final); null makes it a rating-only review."""

    text: ReviewText | None


class VoteCreate(Schema):
    helpful: Annotated[bool, Strict()]


class ReportCreate(Schema):
    reason: ReportReason
    note: Annotated[str | None, Field(min_length=1, max_length=500)] = None


class ReplyCreate(Schema):
    text: Annotated[str, Field(min_length=1, max_length=1000)]


class ModerationDecision(Schema):
    decision: Literal["approve", "reject"]
    note: Annotated[str | None, Field(min_length=1, max_length=500)] = None


class ImageRead(ReadSchema):
    id: UUID
    url: str
    content_type: str
    size_bytes: int


class ReplyRead(ReadSchema):
    author_id: UUID
    author_kind: Literal["seller", "brand"]
    text: str
    created_at: datetime


class ReviewRead(BaseModel):
    """A review as its reader may see it (moderation details for its author and admins only)."""

    id: UUID
    status: Literal["pending", "approved", "rejected"]
    order_item_id: UUID
    product_id: UUID
    variant_id: UUID
    user_id: UUID
    seller_id: UUID | None
    brand_id: UUID | None
    rating: int
    text: str | None
    size: str | None
    color: str | None
    verified_purchase: bool = True
    images: list[ImageRead]
    helpful_count: int
    unhelpful_count: int
    reply: ReplyRead | None
    moderation_reasons: list[str]
    created_at: datetime
    updated_at: datetime


class EligibleItem(ReadSchema):
    """A delivered order item the caller may still review."""

    order_item_id: UUID
    order_id: UUID
    product_id: UUID
    variant_id: UUID
    product_name: str
    sku: str
    size: str | None
    color: str | None
    delivered_at: datetime
    reviewable_until: datetime


class SummaryRead(BaseModel):
    """DESIGN §10: ``{count, average, bayesian_average, distribution}``."""

    count: int
    average: float | None
    bayesian_average: float
    distribution: dict[str, int]


class VoteRead(BaseModel):
    review_id: UUID
    helpful: bool
    helpful_count: int
    unhelpful_count: int


class ReportRead(BaseModel):
    review_id: UUID
    reason: ReportReason
    status: Literal["pending", "approved", "rejected"]
