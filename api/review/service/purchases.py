"""Verified purchases: order items learnt from ``order.created``, reviewable from their order's
``order.delivered`` for the review window (90 days). Both events are the order's (one Kafka
key), so an order's items are always known before its delivery arrives."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from api.events import OrderCreated
from api.kit.uow import UnitOfWork
from api.review.errors import NotAVerifiedPurchase
from api.review.models import Purchase, Review


async def record_order(uow: UnitOfWork, order: OrderCreated) -> None:
    """Remember each item of a new order (not reviewable until delivered)."""
    rows = [
        {
            "order_item_id": item.order_item_id,
            "order_id": order.order_id,
            "user_id": order.user_id,
            "product_id": item.product_id,
            "variant_id": item.variant_id,
            "seller_id": item.seller_id,
            "brand_id": item.brand_id,
            "product_name": item.name,
            "sku": item.sku,
            "size": item.size,
            "color": item.color,
            "ordered_at": order.created_at,
        }
        for item in order.items
    ]
    if rows:
        await uow.session.execute(insert(Purchase).values(rows).on_conflict_do_nothing())


async def mark_delivered(
    uow: UnitOfWork, *, order_id: UUID, delivered_at: datetime, window: timedelta
) -> None:
    """The order arrived: its items may be reviewed until the window closes."""
    await uow.session.execute(
        update(Purchase)
        .where(Purchase.order_id == order_id, Purchase.delivered_at.is_(None))
        .values(delivered_at=delivered_at, reviewable_until=delivered_at + window)
    )


async def verified_purchase(
    uow: UnitOfWork, *, order_item_id: UUID, user_id: UUID, now: datetime
) -> Purchase:
    """The caller's delivered purchase of the item, locked; 403 for anything else.

    An unknown item, someone else's, one not delivered yet and one past its window all answer
    403 alike: a buyer learns nothing about other people's orders.
    """
    purchase = await uow.session.scalar(
        select(Purchase).where(Purchase.order_item_id == order_item_id).with_for_update()
    )
    if purchase is None or purchase.user_id != user_id or purchase.delivered_at is None:
        raise NotAVerifiedPurchase("Only a delivered purchase of yours can be reviewed")
    assert purchase.reviewable_until is not None
    if now > purchase.reviewable_until:
        raise NotAVerifiedPurchase("The 90 days to review this purchase have passed")
    return purchase


async def eligible(uow: UnitOfWork, *, user_id: UUID, now: datetime) -> list[Purchase]:
    """The caller's delivered items still in their window and not yet reviewed, newest first."""
    reviewed = select(Review.order_item_id).where(Review.user_id == user_id)
    rows = await uow.session.scalars(
        select(Purchase)
        .where(
            Purchase.user_id == user_id,
            Purchase.delivered_at.is_not(None),
            Purchase.reviewable_until >= now,
            Purchase.order_item_id.not_in(reviewed),
        )
        .order_by(Purchase.delivered_at.desc(), Purchase.order_item_id)
        .limit(200)
    )
    return list(rows.all())
