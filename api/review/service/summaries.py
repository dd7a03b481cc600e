"""Rating summaries in the database: one row per product and per seller, changed in place
under its row lock when a review enters or leaves the approved set (never otherwise)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert

from api.events import RatingSummary as RatingSummaryValue
from api.kit.uow import UnitOfWork
from api.review.models import RatingSummary, Review
from api.review.schemas import SummaryRead
from api.review.summary import Tally


def tally(row: RatingSummary | None) -> Tally:
    """The row's counts as a pure tally (an empty one for a subject without reviews)."""
    if row is None:
        return Tally()
    return Tally((row.stars_1, row.stars_2, row.stars_3, row.stars_4, row.stars_5))


def value(row: RatingSummary) -> RatingSummaryValue:
    """The summary as events carry it."""
    counts = tally(row)
    return RatingSummaryValue(
        count=counts.count,
        rating_sum=counts.rating_sum,
        average=counts.average,
        bayesian_average=counts.bayesian_average,
        distribution=counts.distribution,
        version=row.version,
    )


def read(row: RatingSummary | None) -> SummaryRead:
    """The summary as the API answers it."""
    counts = tally(row)
    return SummaryRead(
        count=counts.count,
        average=counts.average,
        bayesian_average=counts.bayesian_average,
        distribution=counts.distribution,
    )


async def _change(
    uow: UnitOfWork, subject_type: str, subject_id: UUID, rating: int, by: int, at: datetime
) -> RatingSummary:
    column = f"stars_{rating}"
    await uow.session.execute(
        insert(RatingSummary)
        .values(subject_type=subject_type, subject_id=subject_id, updated_at=at, version=0)
        .on_conflict_do_nothing()
    )
    row = (
        await uow.session.execute(
            update(RatingSummary)
            .where(
                RatingSummary.subject_type == subject_type,
                RatingSummary.subject_id == subject_id,
            )
            .values(
                {
                    column: getattr(RatingSummary, column) + by,
                    "version": RatingSummary.version + 1,
                    "updated_at": at,
                }
            )
            .returning(RatingSummary)
            .execution_options(populate_existing=True)
        )
    ).scalar_one()
    return row


async def apply(
    uow: UnitOfWork, review: Review, *, approved: bool, at: datetime
) -> tuple[RatingSummaryValue, RatingSummaryValue | None]:
    """Count ``review`` in (approved) or out of its product's and seller's summaries; returns
    both summaries after the change (the seller's only for a seller's product)."""
    by = 1 if approved else -1
    product = await _change(uow, "product", review.product_id, review.rating, by, at)
    seller = (
        await _change(uow, "seller", review.seller_id, review.rating, by, at)
        if review.seller_id is not None
        else None
    )
    return value(product), value(seller) if seller is not None else None


async def product_summary(uow: UnitOfWork, product_id: UUID) -> SummaryRead:
    """A product's summary (empty when it has no approved review)."""
    row = await uow.session.get(RatingSummary, ("product", product_id))
    return read(row)


async def seller_summary(uow: UnitOfWork, seller_id: UUID) -> SummaryRead:
    """A seller's summary over all its products (empty when none has an approved review)."""
    row = await uow.session.get(RatingSummary, ("seller", seller_id))
    return read(row)
