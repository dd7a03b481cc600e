"""The dashboard's read models, kept from other services' events (each handler idempotent: an
upsert keyed by the order, review or ledger transaction).

Orders: one row per seller order with its latest known status. The order service announces
payment, shipment, delivery, completion, cancellation and expiry, but not a seller's acceptance
(``paid → processing`` has no event in the catalog), so an order counts as awaiting acceptance
from ``order.paid`` until it ships or is cancelled.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy.dialects.postgresql import insert

from api.kit.uow import UnitOfWork
from api.seller.models import SellerAdSpend, SellerOrder, SellerRating

# statuses an order can only leave for a later one: a late, redelivered ``order.paid`` must not
# bring a shipped or cancelled order back to "awaiting acceptance"
_AFTER_PAID = ("shipped", "delivered", "completed", "cancelled", "expired", "returned")


async def order_seen(
    uow: UnitOfWork,
    *,
    order_id: UUID,
    seller_id: UUID,
    status: str,
    total: int,
    at: datetime,
    paid_at: datetime | None = None,
) -> None:
    """Record an order's newest status (an order first seen late is inserted then)."""
    statement = insert(SellerOrder).values(
        order_id=order_id,
        seller_id=seller_id,
        status=status,
        total=total,
        placed_at=at,
        paid_at=paid_at,
        updated_at=at,
    )
    changes = {"status": statement.excluded.status, "updated_at": statement.excluded.updated_at}
    if paid_at is not None:
        changes["paid_at"] = statement.excluded.paid_at
    where = None
    if status == "paid":
        where = SellerOrder.status.not_in(_AFTER_PAID)
    await uow.session.execute(
        statement.on_conflict_do_update(index_elements=["order_id"], set_=changes, where=where)
    )


async def order_created(
    uow: UnitOfWork, *, order_id: UUID, seller_id: UUID, total: int, at: datetime
) -> None:
    """A new order awaiting payment (a redelivery changes nothing)."""
    await uow.session.execute(
        insert(SellerOrder)
        .values(
            order_id=order_id,
            seller_id=seller_id,
            status="pending_payment",
            total=total,
            placed_at=at,
            updated_at=at,
        )
        .on_conflict_do_nothing(index_elements=["order_id"])
    )


async def rating_approved(
    uow: UnitOfWork, *, review_id: UUID, seller_id: UUID, rating: int, at: datetime
) -> None:
    """An approved review of one of the seller's products."""
    await uow.session.execute(
        insert(SellerRating)
        .values(review_id=review_id, seller_id=seller_id, rating=rating, approved_at=at)
        .on_conflict_do_nothing(index_elements=["review_id"])
    )


async def ad_spend(
    uow: UnitOfWork, *, transaction_id: UUID, seller_id: UUID, amount: int, at: datetime
) -> None:
    """An ad charge debited from the seller's wallet."""
    await uow.session.execute(
        insert(SellerAdSpend)
        .values(transaction_id=transaction_id, seller_id=seller_id, amount=amount, occurred_at=at)
        .on_conflict_do_nothing(index_elements=["transaction_id"])
    )
