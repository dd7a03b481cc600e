"""The events the seller service consumes: settlements (a payout recorded per settlement) and
what the dashboard shows (the seller's orders, approved reviews, ad charges on its wallet).
Each handler runs in the consumer runtime's transaction with the inbox claim and is idempotent
by its own key as well (the settlement, the order, the review, the ledger transaction)."""

from __future__ import annotations

from api.events.envelope import Event
from api.events.order import (
    OrderCancelled,
    OrderCompleted,
    OrderCreated,
    OrderDelivered,
    OrderExpired,
    OrderPaid,
    OrderShipped,
)
from api.events.payment import SettlementCompleted
from api.events.review import ReviewApproved
from api.events.wallet import WalletDebited
from api.kit.consumer import Handler
from api.kit.uow import UnitOfWork
from api.seller.service import payouts, readmodels
from api.seller.settings import get_settings


async def on_settlement_completed(event: Event[SettlementCompleted], uow: UnitOfWork) -> None:
    settings = get_settings()
    await payouts.record_settlement(
        uow,
        event.payload,
        now=settings.now(),
        weekday=settings.auto_payout_weekday,
        hour=settings.auto_payout_hour,
    )


async def on_order_created(event: Event[OrderCreated], uow: UnitOfWork) -> None:
    order = event.payload
    if order.seller_id is None:
        return  # a house order
    await readmodels.order_created(
        uow,
        order_id=order.order_id,
        seller_id=order.seller_id,
        total=order.total,
        at=order.created_at,
    )


async def on_order_paid(event: Event[OrderPaid], uow: UnitOfWork) -> None:
    order = event.payload
    if order.seller_id is None:
        return
    await readmodels.order_seen(
        uow,
        order_id=order.order_id,
        seller_id=order.seller_id,
        status="paid",
        total=order.total,
        at=order.paid_at,
        paid_at=order.paid_at,
    )


OrderMoved = OrderShipped | OrderDelivered | OrderCompleted | OrderCancelled | OrderExpired


def _status_handler(status: str, at_field: str) -> Handler:
    """A handler recording that a seller's order reached ``status`` (its time in ``at_field``)."""

    async def handle(event: Event[OrderMoved], uow: UnitOfWork) -> None:
        order = event.payload
        if order.seller_id is None:
            return
        await readmodels.order_seen(
            uow,
            order_id=order.order_id,
            seller_id=order.seller_id,
            status=status,
            # shipment events carry no total; it is only used when the order was not seen yet
            total=int(getattr(order, "total", 0)),
            at=getattr(order, at_field),
        )

    handle.__name__ = f"on_order_{status}"
    return handle


async def on_review_approved(event: Event[ReviewApproved], uow: UnitOfWork) -> None:
    review = event.payload
    if review.seller_id is None:
        return
    await readmodels.rating_approved(
        uow,
        review_id=review.review_id,
        seller_id=review.seller_id,
        rating=review.rating,
        at=review.approved_at,
    )


async def on_wallet_debited(event: Event[WalletDebited], uow: UnitOfWork) -> None:
    debit = event.payload
    if debit.reason != "ad_spend" or debit.owner_type != "seller":
        return
    await readmodels.ad_spend(
        uow,
        transaction_id=debit.transaction_id,
        seller_id=debit.user_id,
        amount=debit.amount,
        at=debit.occurred_at,
    )


HANDLERS: dict[str, Handler] = {
    "settlement.completed": on_settlement_completed,
    "order.created": on_order_created,
    "order.paid": on_order_paid,
    "order.shipped": _status_handler("shipped", "shipped_at"),
    "order.delivered": _status_handler("delivered", "delivered_at"),
    "order.completed": _status_handler("completed", "completed_at"),
    "order.cancelled": _status_handler("cancelled", "cancelled_at"),
    "order.expired": _status_handler("expired", "expired_at"),
    "review.approved": on_review_approved,
    "wallet.debited": on_wallet_debited,
}
