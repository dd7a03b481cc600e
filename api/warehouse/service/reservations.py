"""Reservations as they stand: the answer shape, the events' shared fields, a checkout's view.

Reserving itself is ``api.warehouse.service.reserving`` (one checkout or a batch of them in one
transaction); the lifecycle (confirm, release, expire) is ``lifecycle``.
"""

from __future__ import annotations

from collections import defaultdict
from uuid import NAMESPACE_URL, UUID, uuid5

from sqlalchemy import select

from api.events.values import ReservationLine as LineSnapshot
from api.events.values import StockLevels
from api.kit.uow import UnitOfWork
from api.warehouse.models import Reservation, ReservationCheckout, ReservationLine, Variant
from api.warehouse.schemas import (
    CheckoutReservationRead,
    ReservationLineRead,
    ReservationRead,
)
from api.warehouse.service.stock import Locked


def order_item_id(order_id: UUID, variant_id: UUID) -> UUID:
    """The default order-item id of a line: stable, so a replay yields the same ids."""
    return uuid5(NAMESPACE_URL, f"lakoo:order-item:{order_id}:{variant_id}")


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


def reservation_read(reservation: Reservation, lines: list[ReservationLine]) -> ReservationRead:
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
        reservations=[reservation_read(r, lines[r.id]) for r in reservations],
    )
