"""The checkout saga: claim the key → price → reserve all → address and quotes → create the
payment → write orders (with a wallet share: the hold, then the reservation, after the quotes).

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
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from uuid import UUID

from api.events.values import AddressSnapshot
from api.kit.errors import LakooError, Unprocessable
from api.kit.logging import get_logger
from api.kit.uow import UnitOfWorkFactory
from api.order.errors import (
    OutOfStock,
    PaymentUnavailable,
)
from api.order.planning import CartLine, PlannedOrder, price_lines, split
from api.order.schemas import CheckoutCreate, CheckoutRead
from api.order.service import claims, origins, wallet_share
from api.order.service.compensation import Compensation
from api.order.service.hops import Hops
from api.order.service.placing import place_orders
from api.order.settings import OrderSettings
from api.order.upstream import Upstreams
from api.order.upstream.delivery import Rate
from api.order.upstream.money import PaymentInfo

log = get_logger(__name__)


@dataclass(frozen=True)
class Plan:
    """What a checkout will write: the address snapshot, the orders and their shipping rates."""

    address: AddressSnapshot
    orders: list[tuple[PlannedOrder, Rate]]

    @property
    def total(self) -> int:
        return sum(order.subtotal + rate.price for order, rate in self.orders)


def _wanted(lines: list[CartLine]) -> dict[UUID, int]:
    """Variant → the quantity the cart asks for (a variant may be on several lines)."""
    wanted: dict[UUID, int] = {}
    for line in lines:
        wanted[line.variant_id] = wanted.get(line.variant_id, 0) + line.quantity
    return wanted


async def priced_orders(
    upstreams: Upstreams,
    *,
    checkout_id: UUID,
    user_id: UUID,
    hops: Hops,
    lines: list[CartLine] | None = None,
) -> list[PlannedOrder]:
    """Read the cart (unless ``lines`` were just read), price it on the server, split it.

    A line asking for more of a variant than the warehouse just said it has is refused here,
    before the catalogue and the hops after it (``upstream/sold_out.py``).
    """
    if lines is None:
        lines = await upstreams.cart.lines(user_id)
        hops.mark("cart")
    wanted = _wanted(lines)
    upstreams.warehouse.sold_out.check(wanted)
    offers = await upstreams.catalog.offers(list(wanted)) if lines else {}
    hops.mark("pricing")
    return split(checkout_id, price_lines(lines, offers))


async def routed(
    upstreams: Upstreams,
    settings: OrderSettings,
    *,
    uows: UnitOfWorkFactory,
    user_id: UUID,
    address_id: UUID,
    orders: list[PlannedOrder],
    hops: Hops,
) -> Plan:
    """The address snapshot and a shipping quote for each order."""
    address = await upstreams.address.snapshot(address_id, user_id=user_id)
    hops.mark("address")
    pickups = await origins.pickup_postcodes(
        uows, (order.seller_id for order in orders if order.seller_id is not None)
    )
    hops.mark("pickup")

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
    hops.mark("quote")
    return Plan(address=address, orders=list(zip(orders, rates, strict=True)))


async def _reserve(
    upstreams: Upstreams,
    undo: Compensation,
    *,
    checkout_id: UUID,
    orders: list[PlannedOrder],
    new: bool,
    hops: Hops,
) -> None:
    try:
        await upstreams.warehouse.reserve(checkout_id, orders)
    except OutOfStock:
        if new:
            # The warehouse refused a checkout it never saw before: it holds nothing of it
            # (a refused checkout makes no move), so there is nothing to release. In a flash
            # sale this spares every losing buyer a round trip to the warehouse. A resumed
            # claim keeps the release: its first attempt may hold a reservation.
            undo.discard("release the reservation")
        raise
    finally:
        hops.mark("reservation")


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
    hops = Hops()
    try:
        return await _checkout(
            uows,
            upstreams=upstreams,
            settings=settings,
            user_id=user_id,
            idempotency_key=idempotency_key,
            body=body,
            hops=hops,
        )
    except LakooError as exc:
        hops.outcome = str(exc.status)
        raise
    finally:
        hops.log()


async def _checkout(
    uows: UnitOfWorkFactory,
    *,
    upstreams: Upstreams,
    settings: OrderSettings,
    user_id: UUID,
    idempotency_key: str,
    body: CheckoutCreate,
    hops: Hops,
) -> tuple[CheckoutRead, bool]:
    lines = None
    if upstreams.warehouse.sold_out.active() and not await claims.seen(
        uows, user_id=user_id, key=idempotency_key
    ):
        # While the warehouse has just refused some variant, a key never seen before is held
        # against that memo before it is claimed: a flash sale's loser then costs one read and
        # the cart, not the claim's and its undo's transactions. A key seen before goes the
        # whole way (its stored answer or its resumption decides); the lines read here are the
        # ones priced below, as they would be if read just after the claim.
        lines = await upstreams.cart.lines(user_id)
        hops.mark("cart")
        upstreams.warehouse.sold_out.check(_wanted(lines))
    checkout_id, stored, new = await claims.claim(
        uows, user_id=user_id, key=idempotency_key, body=body, settings=settings
    )
    hops.mark("claim")
    if stored is not None:
        hops.outcome = "replayed"
        return stored, True
    undo = Compensation()
    undo.add("forget the claim", partial(claims.forget, uows, checkout_id))
    # registered before reserving: a resumed checkout may hold a reservation from its first
    # attempt even when this attempt's reserve fails, and releasing nothing is harmless
    undo.add("release the reservation", partial(upstreams.warehouse.release, checkout_id))
    reserve = partial(_reserve, upstreams, undo, checkout_id=checkout_id, new=new, hops=hops)
    wallet_amount = body.wallet_amount or 0
    async with undo.on_failure():
        orders = await priced_orders(upstreams, checkout_id=checkout_id, user_id=user_id, hops=hops)
        if not wallet_amount:
            # Reserved as soon as the orders are priced: the warehouse decides who wins before
            # the address and the shipping quotes, so a flash sale's losers are refused after
            # three hops, not six. A later failure (a bad address, no courier) releases the
            # reservation through the compensation registered above.
            await reserve(orders=orders)
        planned = await routed(
            upstreams,
            settings,
            uows=uows,
            user_id=user_id,
            address_id=body.address_id,
            orders=orders,
            hops=hops,
        )
        if wallet_amount > planned.total:
            raise Unprocessable(
                f"wallet_amount (Rp {wallet_amount}) is more than the checkout's total "
                f"(Rp {planned.total})",
                field="wallet_amount",
            )
        hold_id = None
        if wallet_amount:
            # held before the stock: a wallet that cannot cover it leaves nothing reserved
            # (its amount is checked against the total, which needs the shipping quotes)
            hold_id = await wallet_share.hold(
                uows,
                upstreams.wallet,
                checkout_id=checkout_id,
                user_id=user_id,
                amount=wallet_amount,
                lifetime=timedelta(hours=settings.wallet_hold_hours),
            )
            undo.add("void the wallet hold", partial(upstreams.wallet.void, hold_id))
            await reserve(orders=orders)
        payment = await _pay(
            upstreams,
            checkout_id=checkout_id,
            user_id=user_id,
            planned=planned,
            wallet_amount=wallet_amount,
        )
        hops.mark("payment")
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
    hops.mark("orders")
    if payment.status == "paid" and hold_id is not None:
        # the wallet paid it all: take the hold now (the wallet-holds job retries a failure)
        await wallet_share.settle_due(
            uows, upstreams.wallet, now=settings.now(), checkout_ids=[checkout_id]
        )
    await _clear_cart(upstreams, user_id, checkout_id, planned)
    hops.mark("cart cleared")
    hops.outcome = "201"
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
