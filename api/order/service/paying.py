"""How an order becomes paid: the money and the stock held for it, in either order.

The warehouse is the authority on stock: only it can tell whether a reservation was still held
when the money came (its row lock serialises confirming against expiring). So an order becomes
``paid`` only when both halves are in — the money (``payment.paid``) and its reservation
confirmed (``inventory.confirmed``) — whichever arrives first. Every story ends safely:

- money, then confirmation, or the reverse: paid (a house order moves on to ``processing``);
- the reservation was released first (it expired, or the payment window passed): the
  warehouse confirms nothing, ``inventory.released`` expires the order still awaiting payment,
  and money that arrives before or after that is owed back in full;
- the order was cancelled or expired before the money: it is refunded on arrival;
- redeliveries: the inbox drops exact repeats, and each step acts only from the state it
  expects (a half already recorded is not recorded twice).

So no order is paid without stock held for it, and money received for an order that will not
be fulfilled is always owed back (the refunds job asks the payment service).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import select

from api.events import OrderExpired, OrderPaid
from api.kit.logging import get_logger
from api.kit.uow import UnitOfWork
from api.order.models import Order
from api.order.service import wallet_share
from api.order.service.transitions import identity, move, orders_of_checkout, owe_refund
from api.order.statemachine import Status

log = get_logger(__name__)

# Orders that will never be fulfilled: money arriving for them goes back.
CLOSED_UNPAID = frozenset({Status.cancelled, Status.expired})


async def payment_received(
    uow: UnitOfWork, *, checkout_id: UUID, payment_id: UUID, at: datetime, accept_within: timedelta
) -> list[Order]:
    """``payment.paid``: the money half of every order of the checkout."""
    orders = await orders_of_checkout(uow, checkout_id)
    for order in orders:
        if order.payment_received_at is not None:
            continue  # a second notice of the same money
        order.payment_received_at, order.payment_id = at, payment_id
        if order.status == Status.pending_payment:
            if order.stock_confirmed_at is not None:
                await _become_paid(uow, order, at=at, accept_within=accept_within)
        elif order.status in CLOSED_UNPAID:
            log.warning(
                "payment arrived for a closed order; refunding it",
                extra={"order_id": str(order.id), "status": order.status},
            )
            owe_refund(order, at_most=order.total)
    await wallet_share.follow(uow, checkout_id)
    return orders


async def stock_confirmed(
    uow: UnitOfWork, *, order_id: UUID, at: datetime, accept_within: timedelta
) -> Order | None:
    """``inventory.confirmed``: the stock half — the order's reservation is held for good."""
    order = await _locked(uow, order_id)
    if order is None or order.stock_confirmed_at is not None:
        return order
    order.stock_confirmed_at = at
    if order.status == Status.pending_payment and order.payment_received_at is not None:
        await _become_paid(uow, order, at=at, accept_within=accept_within)
    return order


async def stock_released(
    uow: UnitOfWork, *, order_id: UUID, reason: str, at: datetime
) -> Order | None:
    """``inventory.released``: an order still awaiting payment lost its stock, so it expires.

    Paid money (a payment that raced the expiry) is owed back in full.
    """
    order = await _locked(uow, order_id)
    if order is None or order.status != Status.pending_payment:
        return order  # cancelled or expired already: the release followed from that
    await _expire(uow, order, at=at, reason=f"stock released ({reason})")
    if order.payment_received_at is not None:
        owe_refund(order, at_most=order.total)
    await wallet_share.follow(uow, order.checkout_id)
    return order


async def payment_expired(
    uow: UnitOfWork, *, checkout_id: UUID, payment_id: UUID | None, at: datetime
) -> list[Order]:
    """``payment.expired``: the checkout's orders still awaiting payment expire."""
    orders = await orders_of_checkout(uow, checkout_id)
    for order in orders:
        if order.status == Status.pending_payment:
            await _expire(uow, order, at=at, reason="payment window passed", payment_id=payment_id)
    await wallet_share.follow(uow, checkout_id)
    return orders


async def _become_paid(
    uow: UnitOfWork, order: Order, *, at: datetime, accept_within: timedelta
) -> None:
    # LAKOO fulfils its own orders, so they go straight to processing; a seller has
    # ``accept_within`` to accept, counted from the moment the order became payable
    await move(uow, order, Status.paid, at=at, reason="payment received, stock held")
    assert order.payment_received_at is not None and order.payment_id is not None
    order.paid_at = order.payment_received_at
    await uow.outbox.add(
        OrderPaid(
            **identity(order), payment_id=order.payment_id, total=order.total, paid_at=order.paid_at
        ),
        aggregate_id=order.id,
    )
    if order.seller_id is None:
        await move(uow, order, Status.processing, at=at, reason="house order: auto-accepted")
        order.accepted_at = at
    else:
        order.accept_by = at + accept_within


async def _expire(
    uow: UnitOfWork, order: Order, *, at: datetime, reason: str, payment_id: UUID | None = None
) -> None:
    await move(uow, order, Status.expired, at=at, reason=reason)
    await uow.outbox.add(
        OrderExpired(
            **identity(order),
            payment_id=payment_id or order.payment_id,
            total=order.total,
            expired_at=at,
        ),
        aggregate_id=order.id,
    )


async def _locked(uow: UnitOfWork, order_id: UUID) -> Order | None:
    # None: a reservation of a checkout that died before its orders were written
    return await uow.session.scalar(select(Order).where(Order.id == order_id).with_for_update())
