"""``shipment.*`` events built from the catalog, one per status reached."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from api.events.base import EventPayload
from api.events.shipment import (
    ShipmentCreated,
    ShipmentDelivered,
    ShipmentFailed,
    ShipmentInTransit,
    ShipmentPickedUp,
)
from api.kit.uow import UnitOfWork
from api.logistic.models import Shipment


def _common(shipment: Shipment) -> dict[str, Any]:
    return {
        "shipment_id": shipment.id,
        "shipment_number": shipment.number,
        "order_id": shipment.order_id,
        "seller_id": shipment.seller_id,
        "fulfilment": shipment.fulfilment,
        "courier": shipment.courier,
        "service": shipment.service,
        "tracking_number": shipment.tracking_number,
    }


async def created(uow: UnitOfWork, shipment: Shipment) -> None:
    """Announce a booked shipment."""
    await uow.outbox.add(
        ShipmentCreated(
            **_common(shipment),
            origin_postal_code=shipment.origin_postal_code,
            destination_postal_code=shipment.destination_postal_code,
            destination_village_code=shipment.destination_village_code,
            weight_grams=shipment.weight_grams,
            shipping_cost=shipment.shipping_cost,
            courier_order_id=shipment.courier_order_id,
            created_at=shipment.created_at,
        ),
        aggregate_id=shipment.id,
    )


async def status_reached(
    uow: UnitOfWork,
    shipment: Shipment,
    *,
    status: str,
    at: datetime,
    note: str | None,
    location: str | None,
) -> None:
    """Announce ``status`` when the catalog has an event for it (others stay in the history)."""
    payload: EventPayload | None = None
    common = _common(shipment)
    if status == "picked_up":
        payload = ShipmentPickedUp(**common, picked_up_at=at)
    elif status == "in_transit":
        payload = ShipmentInTransit(**common, location=location, note=note, updated_at=at)
    elif status == "delivered":
        payload = ShipmentDelivered(**common, received_by=None, delivered_at=at)
    elif status == "failed":
        payload = ShipmentFailed(**common, reason=note or "courier reported failure", failed_at=at)
    if payload is not None:
        await uow.outbox.add(payload, aggregate_id=shipment.id)
