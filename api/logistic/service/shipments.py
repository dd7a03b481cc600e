"""Shipments: remembered destinations, booking on payment, courier status updates, reads."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from api.events.order import OrderCreated, OrderPaid
from api.kit.auth import Principal, Role, ensure_owner
from api.kit.numbering import next_number
from api.kit.uow import UnitOfWork
from api.logistic import lifecycle
from api.logistic.biteship import BiteshipClient
from api.logistic.errors import ShipmentNotFound
from api.logistic.models import OrderDestination, Shipment, TrackingEvent, shipment_numbers
from api.logistic.service import events, rates

STAFF = frozenset({Role.admin, Role.support_agent, Role.warehouse_staff})


class DestinationUnknown(RuntimeError):
    """``order.paid`` came before its ``order.created`` was seen: retried by the runtime."""


def parcel_weight(order: OrderCreated) -> int | None:
    """The parcel's weight in grams from its items, or None if any item lacks its weight."""
    if any(item.weight_grams is None for item in order.items):
        return None
    return sum((item.weight_grams or 0) * item.quantity for item in order.items)


async def remember_destination(uow: UnitOfWork, *, order: OrderCreated) -> None:
    """Keep where a new order ships and what it weighs, for booking once it is paid."""
    await uow.session.execute(
        insert(OrderDestination)
        .values(
            order_id=order.order_id,
            order_number=order.order_number,
            user_id=order.user_id,
            seller_id=order.seller_id,
            fulfilment=order.fulfilment,
            address=order.shipping_address.model_dump(mode="json"),
            item_count=sum(item.quantity for item in order.items),
            weight_grams=parcel_weight(order),
            items_value=order.subtotal,
            created_at=order.created_at,
        )
        .on_conflict_do_nothing(index_elements=["order_id"])
    )


async def book_for_order(
    uow: UnitOfWork,
    *,
    paid: OrderPaid,
    courier: BiteshipClient,
    origin_postal_code: str,
    origin_address: str,
    origin_phone: str,
    item_weight_grams: int,
    couriers: str,
    rate_ttl_seconds: int,
    now: datetime,
) -> Shipment:
    """Book the paid order's pickup with the cheapest regular courier (once per order)."""
    existing = (
        await uow.session.scalars(select(Shipment).where(Shipment.order_id == paid.order_id))
    ).first()
    if existing is not None:
        return existing
    destination = await uow.session.get(OrderDestination, paid.order_id)
    if destination is None:
        raise DestinationUnknown(f"order {paid.order_id} was paid before it was seen created")
    address = destination.address
    # the exact weight from the order's items; the per-item estimate only when it is unknown
    weight = destination.weight_grams or max(1, destination.item_count) * item_weight_grams
    quote = await rates.quote(
        uow,
        courier=courier,
        origin_postal_code=origin_postal_code,
        destination_postal_code=address["postal_code"],
        weight_grams=weight,
        couriers=couriers,
        now=now,
        ttl_seconds=rate_ttl_seconds,
    )
    choice = quote.regular or quote.cheapest
    order = await courier.create_order(
        {
            "reference_id": str(paid.order_id),
            "origin_contact_name": "LAKOO",
            "origin_contact_phone": origin_phone,
            "origin_address": origin_address,
            "origin_postal_code": int(origin_postal_code),
            "destination_contact_name": address["recipient_name"],
            "destination_contact_phone": address["phone"],
            "destination_address": address["street"],
            "destination_postal_code": int(address["postal_code"]),
            "courier_company": choice.courier,
            "courier_type": choice.service,
            "delivery_type": "now",
            "order_note": destination.order_number,
            "items": [
                {
                    "name": destination.order_number,
                    "value": destination.items_value,
                    "weight": weight,
                    "quantity": 1,
                }
            ],
        }
    )
    shipment = Shipment(
        number=await next_number(uow.session, shipment_numbers, "SHP", now),
        order_id=paid.order_id,
        user_id=destination.user_id,
        seller_id=destination.seller_id,
        fulfilment=destination.fulfilment,
        status="booked",
        courier=choice.courier,
        service=choice.service,
        courier_order_id=str(order["id"]),
        courier_tracking_id=(order.get("courier") or {}).get("tracking_id"),
        tracking_number=(order.get("courier") or {}).get("waybill_id"),
        origin_postal_code=origin_postal_code,
        destination_postal_code=address["postal_code"],
        destination_village_code=address["village_code"],
        weight_grams=weight,
        shipping_cost=int(order.get("price") or choice.price),
        created_at=now,
        updated_at=now,
    )
    uow.session.add(shipment)
    await uow.session.flush()
    for status, note in (("pending", "Pesanan dibayar"), ("booked", "Kurir dipesan")):
        uow.session.add(
            TrackingEvent(
                shipment_id=shipment.id,
                status=status,
                courier_status=None,
                note=note,
                location=None,
                occurred_at=now,
            )
        )
    await events.created(uow, shipment)
    return shipment


async def apply_courier_status(
    uow: UnitOfWork,
    *,
    courier_order_id: str,
    courier_status: str,
    waybill: str | None,
    note: str | None,
    location: str | None,
    at: datetime,
) -> str:
    """Apply a courier update once: ``applied``, ``duplicate`` or ``ignored``."""
    shipment = (
        await uow.session.scalars(
            select(Shipment).where(Shipment.courier_order_id == courier_order_id).with_for_update()
        )
    ).first()
    if shipment is None:
        raise ShipmentNotFound(f"No shipment for courier order {courier_order_id}")
    status = lifecycle.ours(courier_status)
    if status is None:
        return "ignored"
    if not lifecycle.may_move(shipment.status, status):
        return (
            "duplicate" if lifecycle.RANK[status] <= lifecycle.RANK[shipment.status] else "ignored"
        )
    inserted = await uow.session.execute(
        insert(TrackingEvent)
        .values(
            shipment_id=shipment.id,
            status=status,
            courier_status=courier_status,
            note=note,
            location=location,
            occurred_at=at,
        )
        .on_conflict_do_nothing(index_elements=["shipment_id", "status"])
        .returning(TrackingEvent.id)
    )
    if inserted.first() is None:
        return "duplicate"
    shipment.status = status
    shipment.updated_at = at
    shipment.tracking_number = waybill or shipment.tracking_number
    if status == "delivered":
        shipment.delivered_at = at
    await events.status_reached(uow, shipment, status=status, at=at, note=note, location=location)
    return "applied"


async def get_shipment(uow: UnitOfWork, *, shipment_id: UUID, principal: Principal) -> Shipment:
    """A shipment its buyer, its seller or staff may read."""
    shipment = await uow.session.get(Shipment, shipment_id)
    if shipment is None:
        raise ShipmentNotFound(f"Shipment {shipment_id} not found")
    if principal.role in STAFF:
        return shipment
    if principal.role is Role.seller and shipment.seller_id == principal.user_id:
        return shipment
    ensure_owner(principal, shipment.user_id, what="shipment")
    return shipment


async def history(uow: UnitOfWork, *, shipment_id: UUID) -> list[TrackingEvent]:
    """The statuses a shipment reached, in order."""
    rows = await uow.session.scalars(
        select(TrackingEvent)
        .where(TrackingEvent.shipment_id == shipment_id)
        .order_by(TrackingEvent.occurred_at, TrackingEvent.id)
    )
    return list(rows)
