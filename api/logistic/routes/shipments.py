"""Shipment reads: the buyer, the seller and staff see a shipment and its tracking."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from sqlalchemy import select

from api.kit.access import owner
from api.kit.auth import CurrentPrincipal, InternalCall
from api.kit.deps import Uow
from api.logistic.errors import ShipmentNotFound
from api.logistic.models import Shipment
from api.logistic.schemas import ShipmentRead, TrackingHistory, TrackingRead
from api.logistic.service import shipments

router = APIRouter(tags=["shipments"])


@router.get("/api/shipments/{shipment_id}")
@owner("the buyer or the seller of the shipment; admin, support and warehouse staff any")
async def read_shipment(shipment_id: UUID, uow: Uow, principal: CurrentPrincipal) -> ShipmentRead:
    """One shipment."""
    shipment = await shipments.get_shipment(uow, shipment_id=shipment_id, principal=principal)
    return ShipmentRead.model_validate(shipment)


@router.get("/api/shipments/{shipment_id}/tracking")
@owner("the buyer or the seller of the shipment; admin, support and warehouse staff any")
async def read_tracking(
    shipment_id: UUID, uow: Uow, principal: CurrentPrincipal
) -> TrackingHistory:
    """Where the parcel is: every status it reached, oldest first."""
    shipment = await shipments.get_shipment(uow, shipment_id=shipment_id, principal=principal)
    events = await shipments.history(uow, shipment_id=shipment.id)
    return TrackingHistory(
        shipment_id=shipment.id,
        status=shipment.status,
        tracking_number=shipment.tracking_number,
        history=[TrackingRead.model_validate(e) for e in events],
    )


@router.get("/internal/shipments/by-order/{order_id}", dependencies=[InternalCall])
@owner("the shipment of any order (the order service)")
async def shipment_of_order(order_id: UUID, uow: Uow) -> ShipmentRead:
    """The shipment of an order (for the order service)."""
    shipment = (
        await uow.session.scalars(select(Shipment).where(Shipment.order_id == order_id))
    ).first()
    if shipment is None:
        raise ShipmentNotFound(f"No shipment for order {order_id}")
    return ShipmentRead.model_validate(shipment)
