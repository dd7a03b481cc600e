"""Paying with the wallet: a checkout's wallet share is held at checkout, captured when the
checkout's money comes, voided when it never will.

The saga holds ``wallet_amount`` in the buyer's wallet (``POST /internal/wallets/holds``, keyed
by the checkout) before it reserves stock, and voids it if a later step fails. The payment covers
the whole checkout; its invoice asks only for the rest (none when the wallet covers it all: the
payment is paid at once). From then on the hold follows the checkout's orders (:func:`follow`,
in the transaction of each change):

- money received on any order (``payment.paid``, late or not) → ``capture_due``: the whole
  hold is taken, and refunds of the orders give the wallet share back to the wallet (the payment
  service refunds the invoice first, then the wallet);
- every order closed unpaid (cancelled, expired, stock released) → ``void_due``.

The ``wallet-holds`` job (and the saga itself, for a checkout the wallet paid entirely) asks the
wallet service to capture or void what is due (both idempotent), then records ``captured`` /
``voided``. A refund of an order whose hold was voided is capped at the order's invoice share:
the wallet's part was never taken.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import select

from api.kit.errors import LakooError, UpstreamError
from api.kit.logging import get_logger
from api.kit.uow import UnitOfWork, UnitOfWorkFactory
from api.order.errors import WalletShort, WalletUnavailable
from api.order.models import Checkout, Order
from api.order.service.transitions import orders_of_checkout
from api.order.statemachine import Status
from api.order.upstream.wallet import WalletClient

log = get_logger(__name__)

CLOSED_UNPAID = frozenset({Status.cancelled, Status.expired})
DUE = ("capture_due", "void_due")
NOT_TAKEN = frozenset({"void_due", "voided"})


async def hold(
    uows: UnitOfWorkFactory,
    wallet: WalletClient,
    *,
    checkout_id: UUID,
    user_id: UUID,
    amount: int,
    lifetime: timedelta,
) -> UUID:
    """Hold the checkout's wallet share; 409 naming ``wallet_amount`` when it cannot be held.

    The expiry derives from the claim's creation, so a resumed checkout asks for the very same
    hold and gets the first one back (the wallet's key is the checkout)."""
    async with uows() as uow:
        created_at = await uow.session.scalar(
            select(Checkout.created_at).where(Checkout.id == checkout_id)
        )
    assert created_at is not None
    try:
        return await wallet.hold(
            checkout_id=checkout_id,
            user_id=user_id,
            amount=amount,
            expires_at=created_at + lifetime,
        )
    except WalletShort:
        raise
    except LakooError as exc:
        raise WalletUnavailable(exc.detail) from exc


def shares(amount: int, totals: list[int]) -> list[int]:
    """``amount`` spread over orders of ``totals``, in order, each covered as far as it goes."""
    out: list[int] = []
    for total in totals:
        share = min(amount, total)
        out.append(share)
        amount -= share
    return out


async def follow(uow: UnitOfWork, checkout_id: UUID) -> None:
    """Decide what the checkout's hold is due for after a change of its orders."""
    checkout = await uow.session.scalar(
        select(Checkout).where(Checkout.id == checkout_id).with_for_update()
    )
    if checkout is None or checkout.wallet_hold_status not in ("active", "void_due"):
        return
    orders = await orders_of_checkout(uow, checkout_id)
    if any(order.payment_received_at is not None for order in orders):
        due = "capture_due"
    elif orders and all(order.status in CLOSED_UNPAID for order in orders):
        due = "void_due"
    else:
        return
    if due != checkout.wallet_hold_status:
        checkout.wallet_hold_status = due


async def not_taken(uow: UnitOfWork, order: Order) -> int:
    """The part of the order's total its checkout's wallet never gave (a voided hold)."""
    if not order.wallet_amount:
        return 0
    status = await uow.session.scalar(
        select(Checkout.wallet_hold_status).where(Checkout.id == order.checkout_id)
    )
    return order.wallet_amount if status in NOT_TAKEN else 0


async def settle_due(
    uows: UnitOfWorkFactory,
    wallet: WalletClient,
    *,
    now: datetime,
    checkout_ids: list[UUID] | None = None,
    limit: int = 100,
) -> int:
    """Capture or void every hold that is due (of ``checkout_ids`` only, when given)."""
    async with uows() as uow:
        query = select(Checkout.id).where(Checkout.wallet_hold_status.in_(DUE))
        if checkout_ids is not None:
            query = query.where(Checkout.id.in_(checkout_ids))
        due = list(await uow.session.scalars(query.order_by(Checkout.updated_at).limit(limit)))
    settled = 0
    for checkout_id in due:
        async with uows() as uow:
            checkout = await uow.session.scalar(
                select(Checkout).where(Checkout.id == checkout_id).with_for_update(skip_locked=True)
            )
            if checkout is None or checkout.wallet_hold_status not in DUE:
                continue
            settled += await _settle(wallet, checkout, now=now)
            await uow.commit()
    return settled


async def _settle(wallet: WalletClient, checkout: Checkout, *, now: datetime) -> int:
    assert checkout.wallet_hold_id is not None
    capture = checkout.wallet_hold_status == "capture_due"
    try:
        if capture:
            await wallet.capture(checkout.wallet_hold_id)
        else:
            await wallet.void(checkout.wallet_hold_id)
    except UpstreamError as exc:
        log.warning(
            "wallet hold not settled; will retry",
            extra={"checkout_id": str(checkout.id), "error": exc.detail},
        )
        return 0
    checkout.wallet_hold_status = "captured" if capture else "voided"
    checkout.updated_at = now
    return 1
