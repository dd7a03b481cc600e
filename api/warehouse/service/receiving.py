"""Receiving a purchase order: good units fill backorders first, then stock.

For each received line, ``good = received − damaged``; ``filled = min(good, backordered)`` of
them go to the backorders (they enter on-hand *and* reserved: they already belong to orders) and
the rest becomes available stock. The oldest backordered reservation lines are converted first
(their ``from_backorder`` units become ``from_stock``), so a shipped order later deducts them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import select

from api.events import PurchaseOrderReceived
from api.events.values import PurchaseOrderReceiptLine
from api.kit.auth import Principal
from api.kit.errors import Unprocessable
from api.kit.uow import UnitOfWork
from api.warehouse.models import PurchaseOrderReceipt, Reservation, ReservationLine
from api.warehouse.schemas import PurchaseOrderRead, PurchaseOrderReceive
from api.warehouse.service.po_transitions import require_status
from api.warehouse.service.purchase_orders import event_fields, get_lines, load, read
from api.warehouse.service.stock import Ledger, lock_stock
from api.warehouse.service.variants import after_stock_change


async def receive(
    uow: UnitOfWork,
    *,
    po_id: UUID,
    body: PurchaseOrderReceive,
    principal: Principal,
    at: datetime,
    threshold: int,
    default_reorder_point: int,
) -> PurchaseOrderRead:
    """Record one delivery of a PO; validated in full before anything is written."""
    po = await load(uow, po_id, lock=True)
    require_status(po, "sent_to_supplier", "partially_received", action="receive")
    if body.received_at is not None:
        if body.received_at > at:
            raise Unprocessable("Goods cannot arrive in the future", field="received_at")
        if po.sent_at is not None and body.received_at < po.sent_at:
            raise Unprocessable("Goods cannot arrive before the PO was sent", field="received_at")
    # the stock moves now; the receipt, the PO and the event keep when the goods arrived
    arrived = body.received_at or at
    lines = {li.variant_id: li for li in await get_lines(uow, po_id)}
    seen: set[UUID] = set()
    for index, item in enumerate(body.lines):
        field = f"lines.{index}"
        line = lines.get(item.variant_id)
        if line is None or item.variant_id in seen:
            raise Unprocessable(
                f"Variant {item.variant_id} is not an open line of this PO",
                field=f"{field}.variant_id",
            )
        seen.add(item.variant_id)
        if item.damaged > item.received:
            raise Unprocessable(
                "Damaged units cannot exceed received units", field=f"{field}.damaged"
            )
        if item.received > line.units_ordered - line.units_received:
            raise Unprocessable(
                f"Only {line.units_ordered - line.units_received} units are still expected",
                field=f"{field}.received",
            )
    rows = await lock_stock(uow, seen)
    ledger = Ledger(at=at, created_by=principal.user_id)
    receipt_id = uuid4()
    reference = ("purchase_order", str(po.id))
    figures: list[PurchaseOrderReceiptLine] = []
    for item in body.lines:
        line, row = lines[item.variant_id], rows[item.variant_id]
        good = item.received - item.damaged
        filled = min(good, row.stock.backordered)
        ledger.move(
            row, "on_hand", good, type="receipt", reason=f"PO {po.number}", reference=reference
        )
        ledger.move(row, "reserved", filled, type="receipt", reference=reference)
        ledger.move(row, "backordered", -filled, type="receipt", reference=reference)
        await _convert_backorders(uow, item.variant_id, filled)
        line.units_received += item.received
        line.units_damaged += item.damaged
        figures.append(
            PurchaseOrderReceiptLine(
                product_id=line.product_id,
                variant_id=line.variant_id,
                units_ordered=line.units_ordered,
                units_received=item.received,
                units_damaged=item.damaged,
                units_good=good,
                backorders_filled=filled,
                stock_added=good - filled,
            )
        )
    complete = all(li.units_received >= li.units_ordered for li in lines.values())
    po.status = "received" if complete or body.final else "partially_received"
    if po.status == "received":
        po.received_at = arrived
    uow.session.add(
        PurchaseOrderReceipt(
            id=receipt_id,
            po_id=po.id,
            received_by=principal.user_id,
            received_at=arrived,
            lines=[f.model_dump(mode="json") for f in figures],
        )
    )
    await ledger.write(uow)
    ordered = sorted(lines.values(), key=lambda li: li.sku)
    fields: dict[str, Any] = event_fields(po, ordered)
    await uow.outbox.add(
        PurchaseOrderReceived(
            **fields,
            receipt_id=receipt_id,
            receipt_lines=figures,
            is_final=po.status == "received",
            received_by=principal.user_id,
            received_at=arrived,
        ),
        aggregate_id=po.id,
    )
    await after_stock_change(uow, rows, at=at, default_reorder_point=default_reorder_point)
    return read(po, ordered, threshold)


async def _convert_backorders(uow: UnitOfWork, variant_id: UUID, units: int) -> None:
    """Turn ``units`` backordered units of live reservations into stock, oldest first."""
    if units <= 0:
        return
    waiting = await uow.session.scalars(
        select(ReservationLine)
        .join(Reservation, Reservation.id == ReservationLine.reservation_id)
        .where(
            ReservationLine.variant_id == variant_id,
            ReservationLine.from_backorder > 0,
            Reservation.status.in_(["reserved", "confirmed"]),
        )
        .order_by(Reservation.reserved_at, ReservationLine.id)
        .with_for_update(of=ReservationLine)
    )
    for line in waiting:
        if units == 0:
            break
        moved = min(units, line.from_backorder)
        line.from_backorder -= moved
        line.from_stock += moved
        units -= moved
