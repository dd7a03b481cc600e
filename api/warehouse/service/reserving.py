"""Reserving stock at checkout: all or nothing per checkout, idempotent, never overselling — for
one checkout or for a batch of concurrent ones in ONE transaction (group commit).

``reserve_batch`` claims every checkout id of the batch with one statement (a primary key: a
concurrent duplicate elsewhere waits, then sees the first answer), locks every stock row the
batch needs (and their bundle siblings) in variant-id order with one statement, reads the bundle
configs once, and then admits the checkouts one after the other in memory, each against the
stock the previous ones left: exactly what running them one by one would give. A checkout that
falls short (or names an unknown variant, or mixes fulfilment sources in one order) gets its own
error and keeps nothing — its claim is deleted, it made no move; the others are written
together: reservations, lines, numbered movements, outbox rows, alerts and grosir lock states,
one statement per table for the whole batch. The row lock is held over those writes and the
commit, not over a round trip per checkout.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import orjson
from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert

from api.events import InventoryReserved
from api.kit.errors import LakooError, Unprocessable
from api.kit.tables import outbox
from api.kit.uow import UnitOfWork
from api.warehouse import grosir
from api.warehouse.errors import CheckoutMismatch, InsufficientStock
from api.warehouse.models import Reservation, ReservationCheckout, ReservationLine, Variant
from api.warehouse.schemas import CheckoutReservationRead, ReservationCreate
from api.warehouse.service.grosir import demand_of, load_configs
from api.warehouse.service.reservations import (
    checkout_view,
    event_fields,
    order_item_id,
    reservation_read,
)
from api.warehouse.service.stock import Ledger, Locked, lock_stock
from api.warehouse.service.variants import after_stock_change

Answer = tuple[CheckoutReservationRead, bool]
Outcome = Answer | LakooError


@dataclass(frozen=True, slots=True)
class Request:
    """One caller's checkout, with the correlation id its events carry."""

    body: ReservationCreate
    correlation_id: str | None = None


def fingerprint(body: ReservationCreate) -> str:
    items = sorted(
        (str(i.order_id), str(i.variant_id), i.quantity, str(i.order_item_id)) for i in body.items
    )
    return hashlib.sha256(orjson.dumps(items)).hexdigest()


async def reserve(
    uow: UnitOfWork,
    *,
    body: ReservationCreate,
    at: datetime,
    ttl: timedelta,
    default_reorder_point: int,
) -> Answer:
    """Reserve every item of one checkout; returns the answer and whether it was a replay."""
    (outcome,) = await reserve_batch(
        uow, [Request(body)], at=at, ttl=ttl, default_reorder_point=default_reorder_point
    )
    if isinstance(outcome, LakooError):
        raise outcome
    return outcome


async def reserve_batch(
    uow: UnitOfWork,
    requests: Sequence[Request],
    *,
    at: datetime,
    ttl: timedelta,
    default_reorder_point: int,
) -> list[Outcome]:
    """Reserve each checkout of ``requests`` (distinct checkout ids) in the caller's transaction.

    Every request gets its own outcome: its answer (and whether it was a replay) or the domain
    error refusing it. Anything else raised fails the batch as a whole (the caller rolls back).
    """
    ids = [r.body.checkout_id for r in requests]
    assert len(set(ids)) == len(ids), "a batch holds each checkout once"
    outcomes: dict[int, Outcome] = {}
    prints = [fingerprint(r.body) for r in requests]
    expiries = [r.body.expires_at or at + ttl for r in requests]
    claimed = set(
        await uow.session.scalars(
            insert(ReservationCheckout)
            .values(
                [
                    {"checkout_id": i, "fingerprint": f, "expires_at": e, "created_at": at}
                    for i, f, e in zip(ids, prints, expiries, strict=True)
                ]
            )
            .on_conflict_do_nothing(index_elements=["checkout_id"])
            .returning(ReservationCheckout.checkout_id)
        )
    )
    for index, request in enumerate(requests):
        if request.body.checkout_id not in claimed:
            outcomes[index] = await _replay(uow, request.body, prints[index])
    live = [i for i in range(len(requests)) if i not in outcomes]
    if live:
        writes = _Writes(at=at)
        needed = {item.variant_id for i in live for item in requests[i].body.items}
        rows = await lock_stock(uow, needed)
        configs = await load_configs(uow, {r.variant.product_id for r in rows.values()})
        for index in live:
            body = requests[index].body
            try:  # nothing has changed yet for this checkout: a refusal keeps nothing of it
                variants = _validate(body, rows)
                allocation = _allocate(body, variants, rows, configs)
            except LakooError as exc:
                outcomes[index] = exc
                continue
            answer = writes.apply(requests[index], expiries[index], rows, variants, allocation)
            outcomes[index] = (answer, False)
        refused = [ids[i] for i in live if isinstance(outcomes[i], LakooError)]
        if refused:
            await uow.session.execute(
                delete(ReservationCheckout).where(ReservationCheckout.checkout_id.in_(refused))
            )
        if writes.reservations:
            await writes.write(uow)
            await after_stock_change(
                uow, rows, at=at, default_reorder_point=default_reorder_point, configs=configs
            )
    return [outcomes[i] for i in range(len(requests))]


async def _replay(uow: UnitOfWork, body: ReservationCreate, print_: str) -> Outcome:
    existing = await uow.session.get(ReservationCheckout, body.checkout_id)
    assert existing is not None
    if existing.fingerprint != print_:
        return CheckoutMismatch(body.checkout_id)
    answer = await checkout_view(uow, checkout_id=body.checkout_id)
    assert answer is not None
    return answer, True


def _validate(body: ReservationCreate, rows: dict[UUID, Locked]) -> dict[UUID, Variant]:
    """The checkout's variants; 422 naming the item for an unknown one or mixed sources."""
    variants: dict[UUID, Variant] = {}
    sources: dict[UUID, UUID | None] = {}
    for index, item in enumerate(body.items):
        if item.variant_id not in rows:
            raise Unprocessable(
                f"Variant {item.variant_id} is not stocked by the warehouse",
                field=f"items.{index}.variant_id",
            )
        variant = rows[item.variant_id].variant
        variants[variant.id] = variant
        source = sources.setdefault(item.order_id, variant.seller_id)
        if source != variant.seller_id:
            raise Unprocessable(
                "An order's items must come from one fulfilment source",
                field=f"items.{index}.variant_id",
            )
    return variants


def _allocate(
    body: ReservationCreate,
    variants: dict[UUID, Variant],
    rows: dict[UUID, Locked],
    configs: dict[UUID, grosir.BundleConfig[UUID]],
) -> dict[UUID, int]:
    """Admit the checkout per product (stock first, then grosir backorders): variant → from
    stock. Raises (409) before anything changes when a product falls short."""
    wanted: dict[UUID, dict[UUID, int]] = defaultdict(lambda: defaultdict(int))
    for item in sorted(body.items, key=lambda i: i.variant_id):
        wanted[variants[item.variant_id].product_id][item.variant_id] += item.quantity
    admitted: dict[UUID, int] = {}
    for product_id, requests in wanted.items():
        house = variants[next(iter(requests))].seller_id is None
        config = configs.get(product_id) if house else None
        available = {v: rows[v].available for v in requests}
        demand = demand_of(config, rows) if config else {}
        result = grosir.allocate(config, requests, available=available, demand=demand)
        if result.refused is not None:
            refused = result.refused
            room = grosir.availability(config, refused, available=available[refused], demand=demand)
            raise InsufficientStock(
                refused, requested=requests[refused], max_orderable=room.max_orderable
            )
        admitted.update(result.from_stock)
    return admitted


@dataclass
class _Writes:
    """What the admitted checkouts of a batch write, collected to be written at once."""

    at: datetime

    def __post_init__(self) -> None:
        self.ledger = Ledger(at=self.at)
        self.reservations: list[Reservation] = []
        self.lines: list[ReservationLine] = []
        self.events: list[tuple[InventoryReserved, UUID, str | None]] = []

    def apply(
        self,
        request: Request,
        expires_at: datetime,
        rows: dict[UUID, Locked],
        variants: dict[UUID, Variant],
        allocation: dict[UUID, int],
    ) -> CheckoutReservationRead:
        """Apply one admitted checkout to ``rows``; returns its answer."""
        body, at = request.body, self.at
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
            row = rows[item.variant_id]
            # stock on hand first, the rest as backorder (what _allocate admitted)
            from_stock = min(item.quantity, allocation[item.variant_id])
            allocation[item.variant_id] -= from_stock
            from_backorder = item.quantity - from_stock
            reference = ("reservation", str(reservation.id))
            self.ledger.move(row, "reserved", from_stock, type="reservation", reference=reference)
            self.ledger.move(
                row, "backordered", from_backorder, type="reservation", reference=reference
            )
            by_order[item.order_id].append(
                ReservationLine(
                    id=uuid4(),
                    reservation_id=reservation.id,
                    order_item_id=item.order_item_id
                    or order_item_id(item.order_id, item.variant_id),
                    variant_id=item.variant_id,
                    location_id=row.stock.location_id,
                    quantity=item.quantity,
                    from_stock=from_stock,
                    from_backorder=from_backorder,
                    created_at=at,
                )
            )
        # each event carries the stock as this checkout left it (built now, not at the end)
        for r in reservations.values():
            fields: dict[str, Any] = event_fields(r, by_order[r.order_id], rows, variants)
            event = InventoryReserved(**fields, expires_at=expires_at, reserved_at=at)
            self.events.append((event, r.id, request.correlation_id))
        self.reservations.extend(reservations.values())
        self.lines.extend(line for lines in by_order.values() for line in lines)
        return CheckoutReservationRead(
            checkout_id=body.checkout_id,
            expires_at=expires_at,
            reservations=[
                reservation_read(reservations[o], by_order[o]) for o in sorted(reservations)
            ],
        )

    async def write(self, uow: UnitOfWork) -> None:
        uow.session.add_all(self.reservations)
        await uow.session.flush()  # no ORM relationships: reservations before their lines
        uow.session.add_all(self.lines)
        await self.ledger.write(uow, announce_on_hand=False)
        rows: list[dict[str, Any]] = []
        for event, aggregate_id, correlation_id in self.events:
            rows.extend(uow.outbox.rows([(event, aggregate_id)], correlation_id=correlation_id))
        await uow.session.execute(insert(outbox), rows)
        uow.outbox.written(rows)
