"""Asking the payment service for the refunds owed (cancel after payment, returns, timeouts).

The order's state change commits first with ``refund_status = pending``; the request to the
payment service follows, keyed by the order so a retry never refunds twice. If the payment
service cannot be reached the refund stays pending and the ``refunds`` job asks again.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from api.kit.errors import LakooError
from api.kit.logging import get_logger
from api.kit.uow import UnitOfWorkFactory
from api.order.models import Order
from api.order.upstream.money import PaymentClient

log = get_logger(__name__)


async def request_pending(
    uows: UnitOfWorkFactory,
    payment: PaymentClient,
    *,
    order_ids: list[UUID] | None = None,
    limit: int = 100,
) -> int:
    """Ask for every pending refund (of ``order_ids`` only, when given); returns how many."""
    async with uows() as uow:
        query = select(Order.id).where(Order.refund_status == "pending").order_by(Order.id)
        if order_ids is not None:
            query = query.where(Order.id.in_(order_ids))
        pending = list(await uow.session.scalars(query.limit(limit)))
    asked = 0
    for order_id in pending:
        async with uows() as uow:
            order = await uow.session.scalar(
                select(Order).where(Order.id == order_id).with_for_update(skip_locked=True)
            )
            if order is None or order.refund_status != "pending" or order.payment_id is None:
                continue
            try:
                refund_id = await payment.refund(
                    payment_id=order.payment_id,
                    order_id=order.id,
                    amount=order.refund_amount or None,
                    reason=f"order {order.number} {order.status}",
                    key=f"order-refund:{order.id}:{order.status}",
                )
            except LakooError as exc:
                log.warning(
                    "refund request failed; will retry",
                    extra={"order_id": str(order.id), "error": exc.detail},
                )
                continue
            order.refund_status, order.refund_id = "requested", refund_id
            await uow.commit()
            asked += 1
    return asked
