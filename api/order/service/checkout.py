"""The checkout saga: claim the key → plan → reserve all → create the payment → write orders.

No database transaction is held open across a remote call. The Idempotency-Key is claimed in a
short transaction of its own; the orders are written in one final transaction together with
their ``order.created`` events and the stored answer. Every remote step is idempotent per
checkout (derived order ids, the warehouse's per-checkout reservation, the payment's key), so a
checkout that crashed half-way is resumed by the same key. Compensation (``compensation.py``):
every step that holds something registers its undo, and a failure before the payment exists runs
them newest first — a refused reservation leaves nothing behind; a failed payment releases the
reservation, then the claim.

Stock hoarding: a buyer holds at most ``max_unpaid_checkouts`` (3) unpaid checkouts at once —
counted, under a per-buyer lock, as the checkouts in flight and those with an order still
awaiting payment. The next one is a 409 before anything is reserved. Checking out again every
35 minutes therefore never holds more than three checkouts' stock: a checkout stops counting only
when its orders stop awaiting payment, which is when its reservation is released or paid.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from uuid import UUID, uuid4

from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy.dialects.postgresql import insert

from api.events.values import AddressSnapshot
from api.kit.errors import LakooError, Unprocessable
from api.kit.logging import get_logger
from api.kit.uow import UnitOfWork, UnitOfWorkFactory
from api.order.errors import (
    CheckoutInProgress,
    IdempotencyKeyReused,
    OutOfStock,
    PaymentUnavailable,
    TooManyUnpaidCheckouts,
)
from api.order.models import Checkout, Order
from api.order.planning import PlannedOrder, price_lines, split
from api.order.schemas import CheckoutCreate, CheckoutRead
from api.order.service import origins, wallet_share
from api.order.service.compensation import Compensation
from api.order.service.placing import place_orders
from api.order.settings import OrderSettings
from api.order.statemachine import Status
from api.order.upstream import Upstreams
from api.order.upstream.delivery import Rate
from api.order.upstream.money import PaymentInfo

log = get_logger(__name__)

# A pending claim older than this belongs to a checkout that died half-way: resume it.
STALE_CLAIM = timedelta(seconds=60)


@dataclass(frozen=True)
class Plan:
    """What a checkout will write: the address snapshot, the orders and their shipping rates."""

    address: AddressSnapshot
    orders: list[tuple[PlannedOrder, Rate]]

    @property
    def total(self) -> int:
        return sum(order.subtotal + rate.price for order, rate in self.orders)


def fingerprint(body: CheckoutCreate) -> str:
    """What makes two requests "the same": the body (the cart is the caller's own)."""
    # without the absent optional fields, so a body of before ``wallet_amount`` keeps its print
    return hashlib.sha256(body.model_dump_json(exclude_none=True).encode()).hexdigest()


async def _claim(
    uows: UnitOfWorkFactory,
    *,
    user_id: UUID,
    key: str,
    body: CheckoutCreate,
    settings: OrderSettings,
) -> tuple[UUID, CheckoutRead | None, bool]:
    """The checkout id of (user, key), the stored answer if any, and whether the claim is new
    (no earlier attempt of it can have reserved anything)."""
    now = settings.now()
    async with uows() as uow:
        # one buyer's claims are decided one at a time, so the unpaid limit holds under races
        await uow.session.execute(
            select(func.pg_advisory_xact_lock(func.hashtextextended(f"checkout:{user_id}", 0)))
        )
        existing = await uow.session.scalar(
            select(Checkout)
            .where(Checkout.user_id == user_id, Checkout.idempotency_key == key)
            .with_for_update()
        )
        if existing is None:
            await _within_unpaid_limit(uow, user_id=user_id, settings=settings)
            claimed = uuid4()
            await uow.session.execute(
                insert(Checkout).values(
                    id=claimed,
                    user_id=user_id,
                    idempotency_key=key,
                    fingerprint=fingerprint(body),
                    status="pending",
                    created_at=now,
                    updated_at=now,
                )
            )
            await uow.commit()
            return claimed, None, True
        if existing.fingerprint != fingerprint(body):
            raise IdempotencyKeyReused()
        if existing.status == "completed" and existing.response is not None:
            return existing.id, CheckoutRead.model_validate(existing.response), False
        if now - existing.updated_at < STALE_CLAIM:
            raise CheckoutInProgress()
        existing.updated_at = now
        await uow.commit()
        return existing.id, None, False


async def _within_unpaid_limit(uow: UnitOfWork, *, user_id: UUID, settings: OrderSettings) -> None:
    """409 when the buyer already holds ``max_unpaid_checkouts`` unpaid checkouts."""
    awaiting_payment = exists().where(
        Order.checkout_id == Checkout.id, Order.status == Status.pending_payment
    )
    # a claim that died half-way may still hold a reservation until the warehouse expires it
    in_flight = (Checkout.status == "pending") & (
        Checkout.created_at > settings.now() - timedelta(minutes=settings.reservation_hold_minutes)
    )
    unpaid = list(
        await uow.session.scalars(
            select(Checkout.id)
            .where(Checkout.user_id == user_id, or_(in_flight, awaiting_payment))
            .order_by(Checkout.created_at)
        )
    )
    if len(unpaid) >= settings.max_unpaid_checkouts:
        raise TooManyUnpaidCheckouts(limit=settings.max_unpaid_checkouts, checkout_ids=unpaid)


async def _forget(uows: UnitOfWorkFactory, checkout_id: UUID) -> None:
    """Undo the claim of a checkout that failed: the order side keeps nothing of it."""
    async with uows() as uow:
        await uow.session.execute(
            delete(Checkout).where(Checkout.id == checkout_id, Checkout.status == "pending")
        )
        await uow.commit()


async def plan(
    upstreams: Upstreams,
    settings: OrderSettings,
    *,
    uows: UnitOfWorkFactory,
    checkout_id: UUID,
    user_id: UUID,
    address_id: UUID,
) -> Plan:
    """Read the cart, price it on the server, split it, and quote shipping for each order."""
    lines = await upstreams.cart.lines(user_id)
    offers = await upstreams.catalog.offers([line.variant_id for line in lines]) if lines else {}
    priced = price_lines(lines, offers)
    address = await upstreams.address.snapshot(address_id, user_id=user_id)
    orders = split(checkout_id, priced)
    pickups = await origins.pickup_postcodes(
        uows, (order.seller_id for order in orders if order.seller_id is not None)
    )

    async def quote(order: PlannedOrder) -> Rate:
        if order.seller_id is None:
            origin = settings.warehouse_postal_code
        elif order.seller_id in pickups:
            origin = pickups[order.seller_id]
        else:
            log.warning("seller pickup unknown", extra={"seller_id": str(order.seller_id)})
            origin = settings.seller_origin_postal_code
        return await upstreams.logistic.cheapest(
            origin=origin, destination=address.postal_code, weight_grams=order.weight_grams
        )

    rates = await asyncio.gather(*(quote(order) for order in orders))
    return Plan(address=address, orders=list(zip(orders, rates, strict=True)))


async def checkout(
    uows: UnitOfWorkFactory,
    *,
    upstreams: Upstreams,
    settings: OrderSettings,
    user_id: UUID,
    idempotency_key: str,
    body: CheckoutCreate,
) -> tuple[CheckoutRead, bool]:
    """Run (or replay) the caller's checkout; returns the answer and whether it was a replay."""
    checkout_id, stored, new = await _claim(
        uows, user_id=user_id, key=idempotency_key, body=body, settings=settings
    )
    if stored is not None:
        return stored, True
    undo = Compensation()
    undo.add("forget the claim", partial(_forget, uows, checkout_id))
    # registered before reserving: a resumed checkout may hold a reservation from its first
    # attempt even when this attempt's reserve fails, and releasing nothing is harmless
    undo.add("release the reservation", partial(upstreams.warehouse.release, checkout_id))
    async with undo.on_failure():
        planned = await plan(
            upstreams,
            settings,
            uows=uows,
            checkout_id=checkout_id,
            user_id=user_id,
            address_id=body.address_id,
        )
        wallet_amount = body.wallet_amount or 0
        if wallet_amount > planned.total:
            raise Unprocessable(
                f"wallet_amount (Rp {wallet_amount}) is more than the checkout's total "
                f"(Rp {planned.total})",
                field="wallet_amount",
            )
        hold_id = None
        if wallet_amount:
            # held before the stock: a wallet that cannot cover it leaves nothing reserved
            hold_id = await wallet_share.hold(
                uows,
                upstreams.wallet,
                checkout_id=checkout_id,
                user_id=user_id,
                amount=wallet_amount,
                lifetime=timedelta(hours=settings.wallet_hold_hours),
            )
            undo.add("void the wallet hold", partial(upstreams.wallet.void, hold_id))
        try:
            await upstreams.warehouse.reserve(checkout_id, [order for order, _ in planned.orders])
        except OutOfStock:
            if new:
                # The warehouse refused a checkout it never saw before: it holds nothing of it
                # (a refused checkout makes no move), so there is nothing to release. In a flash
                # sale this spares every losing buyer a round trip to the warehouse. A resumed
                # claim keeps the release: its first attempt may hold a reservation.
                undo.discard("release the reservation")
            raise
        payment = await _pay(
            upstreams,
            checkout_id=checkout_id,
            user_id=user_id,
            planned=planned,
            wallet_amount=wallet_amount,
        )
    # From here the checkout is resumed, never undone: the payment exists and the same key
    # finishes writing the orders.
    async with uows() as uow:
        answer, replayed = await place_orders(
            uow,
            checkout_id=checkout_id,
            plan=planned,
            payment=payment,
            now=settings.now(),
            wallet=(wallet_amount, hold_id),
        )
        await uow.commit()
    if payment.status == "paid" and hold_id is not None:
        # the wallet paid it all: take the hold now (the wallet-holds job retries a failure)
        await wallet_share.settle_due(
            uows, upstreams.wallet, now=settings.now(), checkout_ids=[checkout_id]
        )
    await _clear_cart(upstreams, user_id, checkout_id, planned)
    return answer, replayed


async def _pay(
    upstreams: Upstreams, *, checkout_id: UUID, user_id: UUID, planned: Plan, wallet_amount: int
) -> PaymentInfo:
    """The checkout's one payment (the invoice asks for what the wallet does not cover); a
    failure answers 503 (the saga gives the stock and the wallet hold back)."""
    try:
        return await upstreams.payment.create(
            checkout_id=checkout_id,
            user_id=user_id,
            amount=planned.total,
            wallet_amount=wallet_amount,
            orders=[
                (order.order_id, order.seller_id, order.subtotal + rate.price)
                for order, rate in planned.orders
            ],
        )
    except LakooError as exc:
        log.warning(
            "payment creation failed; releasing the reservation",
            extra={"checkout_id": str(checkout_id), "error": exc.detail},
        )
        raise PaymentUnavailable(exc.detail) from exc


async def _clear_cart(
    upstreams: Upstreams, user_id: UUID, checkout_id: UUID, planned: Plan
) -> None:
    # Best effort: the orders exist whatever the cart says; a line left behind is harmless
    # (checking out again needs a new key and finds its stock reserved by this checkout).
    item_ids = [line.line.cart_item_id for order, _ in planned.orders for line in order.lines]
    try:
        await upstreams.cart.checked_out(user_id, checkout_id, item_ids)
    except LakooError as exc:
        log.warning("cart not cleared after checkout", extra={"error": exc.detail})
