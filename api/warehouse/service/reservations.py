"""Reserving stock at checkout: all or nothing, idempotent per checkout, never overselling.

``reserve`` claims the checkout id first (a primary key: a concurrent duplicate waits, then sees
the first answer), loads the variants, locks every stock row it needs in variant-id order, and
allocates each product's quantities from stock first and then, for grosir variants, as
backorders while the bundle rule allows. Any shortfall raises before anything is kept: the whole
transaction, checkout claim included, rolls back.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

import orjson
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from api.events import InventoryReserved
from api.events.values import ReservationLine as LineSnapshot
from api.events.values import StockLevels
from api.kit.errors import Unprocessable
from api.kit.uow import UnitOfWork
from api.warehouse import grosir
from api.warehouse.errors import CheckoutMismatch, InsufficientStock
from api.warehouse.models import Reservation, ReservationCheckout, ReservationLine, Variant
from api.warehouse.schemas import (
    CheckoutReservationRead,
    ReservationCreate,
    ReservationLineRead,
    ReservationRead,
)
from api.warehouse.service.grosir import demand_of, load_configs
from api.warehouse.service.stock import Ledger, Locked, lock_stock
from api.warehouse.service.variants import after_stock_change


def _fingerprint(body: ReservationCreate) -> str:
    items = sorted(
        (str(i.order_id), str(i.variant_id), i.quantity, str(i.order_item_id)) for i in body.items
    )
    return hashlib.sha256(orjson.dumps(items)).hexdigest()


def order_item_id(order_id: UUID, variant_id: UUID) -> UUID:
    """The default order-item id of a line: stable, so a replay yields the same ids."""
    return uuid5(NAMESPACE_URL, f"lakoo:order-item:{order_id}:{variant_id}")


async def reserve(
    uow: UnitOfWork,
    *,
    body: ReservationCreate,
    at: datetime,
    ttl: timedelta,
    default_reorder_point: int,
) -> tuple[CheckoutReservationRead, bool]:
    """Reserve every item of a checkout; returns the answer and whether it was a replay."""
    expires_at = body.expires_at or at + ttl
    fingerprint = _fingerprint(body)
    claimed = await uow.session.scalar(
        insert(ReservationCheckout)
        .values(
            checkout_id=body.checkout_id,
            fingerprint=fingerprint,
            expires_at=expires_at,
            created_at=at,
        )
        .on_conflict_do_nothing(index_elements=["checkout_id"])
        .returning(ReservationCheckout.checkout_id)
    )
    if claimed is None:
        existing = await uow.session.get(ReservationCheckout, body.checkout_id)
        assert existing is not None
        if existing.fingerprint != fingerprint:
            raise CheckoutMismatch(body.checkout_id)
        answer = await checkout_view(uow, checkout_id=body.checkout_id)
        assert answer is not None
        return answer, True

    variants = await _variants(uow, body)
    rows = await lock_stock(uow, variants)
    allocation = await _allocate(uow, body, variants, rows)
    ledger = Ledger(at=at)
    by_order: dict[UUID, list[ReservationLine]] = defaultdict(list)
    reservations: dict[UUID, Reservation] = {}
    for item in body.items:
        variant = variants[item.variant_id]
        if item.order_id not in reservations:
            reservations[item.order_id] = Reservation(
                id=uuid4(),
                checkout_id=body.checkout_id,
                order_id=item.order_id,
                seller_id=variant.seller_id,
                fulfilment="house" if variant.seller_id is None else "seller",
                status="reserved",
                expires_at=expires_at,
                reserved_at=at,
            )
        reservation = reservations[item.order_id]
        if reservation.seller_id != variant.seller_id:
            index = body.items.index(item)
            raise Unprocessable(
                "An order's items must come from one fulfilment source",
                field=f"items.{index}.variant_id",
            )
        row = rows[item.variant_id]
        # stock on hand first, the rest as backorder (what _allocate admitted)
        from_stock = min(item.quantity, allocation[item.variant_id][0])
        allocation[item.variant_id][0] -= from_stock
        from_backorder = item.quantity - from_stock
        reference = ("reservation", str(reservation.id))
        ledger.move(row, "reserved", from_stock, type="reservation", reference=reference)
        ledger.move(row, "backordered", from_backorder, type="reservation", reference=reference)
        by_order[item.order_id].append(
            ReservationLine(
                id=uuid4(),
                reservation_id=reservation.id,
                order_item_id=item.order_item_id or order_item_id(item.order_id, item.variant_id),
                variant_id=item.variant_id,
                location_id=row.stock.location_id,
                quantity=item.quantity,
                from_stock=from_stock,
                from_backorder=from_backorder,
                created_at=at,
            )
        )
    uow.session.add_all(reservations.values())
    await uow.session.flush()
    uow.session.add_all(line for lines in by_order.values() for line in lines)
    await ledger.write(uow, announce_on_hand=False)
    await uow.outbox.add_all(
        (
            InventoryReserved(
                **event_fields(r, by_order[r.order_id], rows, variants),
                expires_at=expires_at,
                reserved_at=at,
            ),
            r.id,
        )
        for r in reservations.values()
    )
    await after_stock_change(uow, rows, at=at, default_reorder_point=default_reorder_point)
    answer = CheckoutReservationRead(
        checkout_id=body.checkout_id,
        expires_at=expires_at,
        reservations=[_read(reservations[o], by_order[o]) for o in sorted(reservations)],
    )
    return answer, False


async def _variants(uow: UnitOfWork, body: ReservationCreate) -> dict[UUID, Variant]:
    ids = {i.variant_id for i in body.items}
    found = {v.id: v for v in await uow.session.scalars(select(Variant).where(Variant.id.in_(ids)))}
    for index, item in enumerate(body.items):
        if item.variant_id not in found:
            raise Unprocessable(
                f"Variant {item.variant_id} is not stocked by the warehouse",
                field=f"items.{index}.variant_id",
            )
    return found


async def _allocate(
    uow: UnitOfWork,
    body: ReservationCreate,
    variants: dict[UUID, Variant],
    rows: dict[UUID, Locked],
) -> dict[UUID, list[int]]:
    """Admit the checkout per product (stock first, then grosir backorders): variant → [stock]."""
    wanted: dict[UUID, dict[UUID, int]] = defaultdict(lambda: defaultdict(int))
    for item in sorted(body.items, key=lambda i: i.variant_id):
        wanted[variants[item.variant_id].product_id][item.variant_id] += item.quantity
    house = [p for p, vs in wanted.items() if variants[next(iter(vs))].seller_id is None]
    configs = await load_configs(uow, house)
    admitted: dict[UUID, list[int]] = {}
    for product_id, requests in wanted.items():
        config = configs.get(product_id)
        available = {v: rows[v].available for v in requests}
        demand = demand_of(config, rows) if config else {}
        result = grosir.allocate(config, requests, available=available, demand=demand)
        if result.refused is not None:
            refused = result.refused
            room = grosir.availability(config, refused, available=available[refused], demand=demand)
            raise InsufficientStock(
                refused, requested=requests[refused], max_orderable=room.max_orderable
            )
        admitted.update({v: [q] for v, q in result.from_stock.items()})
    return admitted


def event_fields(
    reservation: Reservation,
    lines: list[ReservationLine],
    rows: dict[UUID, Locked],
    variants: dict[UUID, Variant],
) -> dict[str, object]:
    """The fields every reservation event shares, with each line's stock after the change."""
    return {
        "reservation_id": reservation.id,
        "checkout_id": reservation.checkout_id,
        "order_id": reservation.order_id,
        "seller_id": reservation.seller_id,
        "fulfilment": reservation.fulfilment,
        "items": [
            LineSnapshot(
                order_item_id=line.order_item_id,
                product_id=variants[line.variant_id].product_id,
                variant_id=line.variant_id,
                location_id=line.location_id,
                location_type=rows[line.variant_id].location_type,
                quantity=line.quantity,
                from_backorder=line.from_backorder,
                stock=StockLevels(**rows[line.variant_id].levels()),
            )
            for line in lines
        ],
    }


def _read(reservation: Reservation, lines: list[ReservationLine]) -> ReservationRead:
    return ReservationRead(
        id=reservation.id,
        order_id=reservation.order_id,
        status=reservation.status,
        seller_id=reservation.seller_id,
        fulfilment=reservation.fulfilment,
        expires_at=reservation.expires_at,
        items=[
            ReservationLineRead(
                order_item_id=li.order_item_id,
                variant_id=li.variant_id,
                quantity=li.quantity,
                from_stock=li.from_stock,
                from_backorder=li.from_backorder,
            )
            for li in sorted(lines, key=lambda li: (li.variant_id, li.order_item_id))
        ],
    )


async def checkout_view(uow: UnitOfWork, *, checkout_id: UUID) -> CheckoutReservationRead | None:
    """The reservations of a checkout as they stand now."""
    checkout = await uow.session.get(ReservationCheckout, checkout_id)
    if checkout is None:
        return None
    reservations = list(
        await uow.session.scalars(
            select(Reservation)
            .where(Reservation.checkout_id == checkout_id)
            .order_by(Reservation.order_id)
        )
    )
    lines: dict[UUID, list[ReservationLine]] = defaultdict(list)
    for line in await uow.session.scalars(
        select(ReservationLine).where(
            ReservationLine.reservation_id.in_([r.id for r in reservations])
        )
    ):
        lines[line.reservation_id].append(line)
    return CheckoutReservationRead(
        checkout_id=checkout_id,
        expires_at=checkout.expires_at,
        reservations=[_read(r, lines[r.id]) for r in reservations],
    )
