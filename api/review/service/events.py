"""Building ``review.*`` payloads from a review and adding them to the unit of work's outbox."""

from __future__ import annotations

from typing import Any

from api.events.base import EventPayload
from api.kit.uow import UnitOfWork
from api.review.models import Review


def shared(review: Review) -> dict[str, Any]:
    """The fields every review event carries."""
    return {
        "review_id": review.id,
        "order_id": review.order_id,
        "order_item_id": review.order_item_id,
        "product_id": review.product_id,
        "variant_id": review.variant_id,
        "user_id": review.user_id,
        "seller_id": review.seller_id,
        "brand_id": review.brand_id,
        "rating": review.rating,
    }


async def publish(
    uow: UnitOfWork, review: Review, event: type[EventPayload], **fields: Any
) -> None:
    """Announce ``event`` about ``review`` in the same transaction as the change."""
    await uow.outbox.add(event(**shared(review), **fields), aggregate_id=review.id)
