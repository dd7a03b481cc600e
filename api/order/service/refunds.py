"""Asking the payment service for the refunds owed (cancel after payment, returns, late money).

The order's state change commits first with ``refund_status = pending`` (``owe_refund``); the
request to the payment service follows, keyed by the order so a retry never refunds twice, for
what remains refundable of the order up to the amount owed. Its answer decides what happens next:

- opened: ``requested`` (the payment's ``refund.completed`` / ``refund.failed`` close it);
- refused for good (nothing remains refundable, unknown payment or order): ``refused`` with the
  reason, logged as an error for staff — asking again would only get the same answer;
- not decided (payment unreachable, 5xx, another refund of the payment still open): stays
  ``pending`` and the ``refunds`` job asks again after a backoff that doubles up to an hour.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import or_, select

from api.kit.errors import LakooError
from api.kit.logging import get_logger
from api.kit.uow import UnitOfWork, UnitOfWorkFactory
from api.order.models import Order
from api.order.service import wallet_share
from api.order.service.returns import close_return
from api.order.upstream.money import PaymentClient, RefundOpened, RefundRefused

log = get_logger(__name__)

FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th undecided try: 1, 2, 4 … minutes, at most 1 h."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


async def request_pending(
    uows: UnitOfWorkFactory,
    payment: PaymentClient,
    *,
    now: datetime,
    order_ids: list[UUID] | None = None,
    limit: int = 100,
) -> int:
    """Ask for every pending refund that is due (of ``order_ids`` only, when given)."""
    async with uows() as uow:
        query = (
            select(Order.id)
            .where(
                Order.refund_status == "pending",
                or_(Order.refund_retry_at.is_(None), Order.refund_retry_at <= now),
            )
            .order_by(Order.id)
        )
        if order_ids is not None:
            query = query.where(Order.id.in_(order_ids))
        due = list(await uow.session.scalars(query.limit(limit)))
    asked = 0
    for order_id in due:
        async with uows() as uow:
            order = await uow.session.scalar(
                select(Order).where(Order.id == order_id).with_for_update(skip_locked=True)
            )
            if order is None or order.refund_status != "pending" or order.payment_id is None:
                continue
            asked += await _ask(uow, payment, order, now=now)
            await uow.commit()
    return asked


async def _ask(uow: UnitOfWork, payment: PaymentClient, order: Order, *, now: datetime) -> int:
    assert order.payment_id is not None
    # a voided wallet hold gave nothing: only the invoice's share of the order comes back
    at_most = min(order.refund_amount, order.total - await wallet_share.not_taken(uow, order))
    try:
        opened = await payment.refund(
            payment_id=order.payment_id,
            order_id=order.id,
            at_most=at_most,
            reason=f"order {order.number} {order.status}",
            key=f"order-refund:{order.id}:{order.status}",
        )
    except RefundRefused as exc:
        order.refund_status, order.refund_failure = "refused", exc.detail
        log.error(
            "refund refused by the payment service; staff must decide",
            extra={"order_id": str(order.id), "status": exc.status_code, "error": exc.detail},
        )
        return 0
    except LakooError as exc:
        order.refund_attempts += 1
        order.refund_retry_at = now + retry_delay(order.refund_attempts)
        log.warning(
            "refund request undecided; will retry",
            extra={
                "order_id": str(order.id),
                "error": exc.detail,
                "retry_at": order.refund_retry_at,
            },
        )
        return 0
    await _record(uow, order, opened, now=now)
    return 1


async def _record(uow: UnitOfWork, order: Order, opened: RefundOpened, *, now: datetime) -> None:
    order.refund_status, order.refund_id, order.refund_amount = (
        "requested",
        opened.id,
        opened.amount,
    )
    # the same key answers the refund it opened before (a retry after a crash): it may be done
    if opened.status == "completed":
        await _completed(uow, order, at=now)
    elif opened.status == "failed":
        _failed(order, reason="the payment service could not pay the refund out")


async def refund_completed(
    uow: UnitOfWork, *, order_id: UUID, refund_id: UUID, at: datetime
) -> None:
    """``refund.completed``: the money is back; a returned order is closed.

    Only the refund this order asked for counts: a staff refund of part of the order (through
    the payment service directly) leaves the order's own state alone.
    """
    order = await uow.session.scalar(select(Order).where(Order.id == order_id).with_for_update())
    if order is None or order.refund_id != refund_id or order.refund_status != "requested":
        return
    await _completed(uow, order, at=at)


async def refund_failed(uow: UnitOfWork, *, order_id: UUID, refund_id: UUID, reason: str) -> None:
    """``refund.failed``: the gateway could not pay the refund out; staff take it from here."""
    order = await uow.session.scalar(select(Order).where(Order.id == order_id).with_for_update())
    if order is None or order.refund_id != refund_id or order.refund_status != "requested":
        return
    _failed(order, reason=reason)


async def _completed(uow: UnitOfWork, order: Order, *, at: datetime) -> None:
    order.refund_status = "completed"
    await close_return(uow, order, at=at)


def _failed(order: Order, *, reason: str) -> None:
    order.refund_status, order.refund_failure = "failed", reason
    log.error("refund failed at the gateway", extra={"order_id": str(order.id), "error": reason})
