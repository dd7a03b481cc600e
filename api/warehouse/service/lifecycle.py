"""A reservation after checkout: confirmed when paid, released or expired, fulfilled when shipped.

Every transition locks the reservation rows first (``FOR UPDATE``, in id order), then the stock
rows (variant-id order), then reads the lines: a receipt converting backorders to stock holds the
stock rows while it edits lines, so reading lines only after taking the stock locks always sees
its result. Transitions from a state that no longer allows them are silent no-ops: events can
arrive late or twice (``payment.paid`` after the reservation expired, ``order.shipped`` before
``payment.paid`` from another topic), and the handler must not fail on them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Literal
from uuid import UUID

from sqlalchemy import select

from api.events import InventoryConfirmed, InventoryFulfilled, InventoryReleased
from api.kit.logging import get_logger
from api.kit.uow import UnitOfWork
from api.warehouse.models import Reservation, ReservationLine, Variant
from api.warehouse.service.reservations import event_fields
from api.warehouse.service.stock import Ledger, lock_stock
from api.warehouse.service.variants import after_stock_change

ReleaseReason = Literal[
    "order_cancelled", "order_expired", "payment_expired", "reservation_expired"
]

log = get_logger(__name__)


async def _lock_reservations(
    uow: UnitOfWork,
    *,
    statuses: Sequence[str],
    checkout_id: UUID | None = None,
    order_id: UUID | None = None,
    ids: Sequence[UUID] | None = None,
) -> list[Reservation]:
    query = select(Reservation).where(Reservation.status.in_(statuses))
    if checkout_id is not None:
        query = query.where(Reservation.checkout_id == checkout_id)
    if order_id is not None:
        query = query.where(Reservation.order_id == order_id)
    if ids is not None:
        query = query.where(Reservation.id.in_(ids))
    found = await uow.session.scalars(query.order_by(Reservation.id).with_for_update())
    return list(found)


async def _lines(
    uow: UnitOfWork, reservations: list[Reservation]
) -> dict[UUID, list[ReservationLine]]:
    lines: dict[UUID, list[ReservationLine]] = defaultdict(list)
    query = select(ReservationLine).where(
        ReservationLine.reservation_id.in_([r.id for r in reservations])
    )
    for line in await uow.session.scalars(query.execution_options(populate_existing=True)):
        lines[line.reservation_id].append(line)
    return lines


async def confirm(uow: UnitOfWork, *, checkout_id: UUID, payment_id: UUID, at: datetime) -> int:
    """Confirm a checkout's live reservations (``payment.paid``); returns how many."""
    reservations = await _lock_reservations(uow, statuses=["reserved"], checkout_id=checkout_id)
    if not reservations:
        log.info("nothing to confirm", extra={"checkout_id": str(checkout_id)})
        return 0
    lines = await _lines(uow, reservations)
    rows = await lock_stock(
        uow, {li.variant_id for ls in lines.values() for li in ls}, with_siblings=False
    )
    variants = {row.variant.id: row.variant for row in rows.values()}
    for reservation in reservations:
        reservation.status, reservation.confirmed_at = "confirmed", at
        reservation.payment_id = payment_id
    await uow.outbox.add_all(
        (
            InventoryConfirmed(
                **event_fields(r, lines[r.id], rows, variants),
                payment_id=payment_id,
                confirmed_at=at,
            ),
            r.id,
        )
        for r in reservations
    )
    return len(reservations)


async def release(
    uow: UnitOfWork,
    *,
    reason: ReleaseReason,
    at: datetime,
    default_reorder_point: int,
    checkout_id: UUID | None = None,
    order_id: UUID | None = None,
    ids: Sequence[UUID] | None = None,
) -> int:
    """Give back the stock and backorders of live reservations; returns how many."""
    # A paid order can still be cancelled (a refund follows); an expiry only hits unpaid ones.
    statuses = ["reserved", "confirmed"] if reason == "order_cancelled" else ["reserved"]
    reservations = await _lock_reservations(
        uow, statuses=statuses, checkout_id=checkout_id, order_id=order_id, ids=ids
    )
    if not reservations:
        return 0
    ids_wanted = [r.id for r in reservations]
    first = await _lines(uow, reservations)
    rows = await lock_stock(uow, {li.variant_id for ls in first.values() for li in ls})
    lines = await _lines(uow, reservations)  # re-read under the stock locks
    assert set(lines) <= set(ids_wanted)
    ledger = Ledger(at=at)
    status = "expired" if reason == "reservation_expired" else "released"
    for reservation in reservations:
        reference = ("reservation", str(reservation.id))
        for line in lines[reservation.id]:
            row = rows[line.variant_id]
            ledger.move(row, "reserved", -line.from_stock, type="release", reference=reference)
            ledger.move(
                row, "backordered", -line.from_backorder, type="release", reference=reference
            )
        reservation.status, reservation.released_at = status, at
        reservation.release_reason = reason
    await ledger.write(uow, announce_on_hand=False)
    variants = {row.variant.id: row.variant for row in rows.values()}
    await uow.outbox.add_all(
        (
            InventoryReleased(
                **event_fields(r, lines[r.id], rows, variants), reason=reason, released_at=at
            ),
            r.id,
        )
        for r in reservations
    )
    await after_stock_change(uow, rows, at=at, default_reorder_point=default_reorder_point)
    return len(reservations)


async def fulfil(
    uow: UnitOfWork,
    *,
    order_id: UUID,
    shipment_id: UUID | None,
    at: datetime,
    default_reorder_point: int,
) -> int:
    """Deduct a shipped order's stock (``order.shipped``); returns how many reservations."""
    reservations = await _lock_reservations(
        uow, statuses=["reserved", "confirmed"], order_id=order_id
    )
    if not reservations:
        return 0
    first = await _lines(uow, reservations)
    rows = await lock_stock(uow, {li.variant_id for ls in first.values() for li in ls})
    lines = await _lines(uow, reservations)
    ledger = Ledger(at=at)
    for reservation in reservations:
        reference = ("order", str(order_id))
        for line in lines[reservation.id]:
            row = rows[line.variant_id]
            ledger.move(row, "reserved", -line.from_stock, type="fulfilment", reference=reference)
            ledger.move(row, "on_hand", -line.from_stock, type="fulfilment", reference=reference)
            if line.from_backorder:
                # Shipped before a receipt filled it: the demand is gone, so is the backorder.
                log.warning(
                    "shipped with unfilled backorder",
                    extra={"order_id": str(order_id), "units": line.from_backorder},
                )
                ledger.move(
                    row, "backordered", -line.from_backorder, type="fulfilment", reference=reference
                )
        reservation.status, reservation.fulfilled_at = "fulfilled", at
        reservation.shipment_id = shipment_id
        if reservation.confirmed_at is None:
            reservation.confirmed_at = at
    await ledger.write(uow)
    variants: dict[UUID, Variant] = {row.variant.id: row.variant for row in rows.values()}
    await uow.outbox.add_all(
        (
            InventoryFulfilled(
                **event_fields(r, lines[r.id], rows, variants),
                shipment_id=shipment_id,
                fulfilled_at=at,
            ),
            r.id,
        )
        for r in reservations
    )
    await after_stock_change(uow, rows, at=at, default_reorder_point=default_reorder_point)
    return len(reservations)


async def expire_due(
    uow: UnitOfWork, *, now: datetime, batch_size: int, default_reorder_point: int
) -> int:
    """Expire unpaid reservations whose time is up (one batch); returns how many."""
    due = list(
        await uow.session.scalars(
            select(Reservation.id)
            .where(Reservation.status == "reserved", Reservation.expires_at <= now)
            .order_by(Reservation.expires_at)
            .limit(batch_size)
            # another worker's batch is skipped, not waited for
            .with_for_update(skip_locked=True)
        )
    )
    if not due:
        return 0
    return await release(
        uow,
        reason="reservation_expired",
        at=now,
        ids=due,
        default_reorder_point=default_reorder_point,
    )
