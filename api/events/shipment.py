"""``shipment.*`` events, produced by logistic onto ``shipment.events``."""

from __future__ import annotations

from uuid import UUID

from pydantic import AwareDatetime

from api.events.base import EventPayload
from api.events.values import Count, Fulfilment, Rupiah


class _ShipmentEvent(EventPayload):
    """Fields every shipment event shares."""

    shipment_id: UUID
    shipment_number: str
    order_id: UUID
    seller_id: UUID | None
    fulfilment: Fulfilment
    courier: str
    service: str
    tracking_number: str | None


class ShipmentCreated(_ShipmentEvent, event_type="shipment.created", aggregate_type="shipment"):
    """A shipment was booked with the courier for a paid order."""

    origin_postal_code: str
    destination_postal_code: str
    destination_village_code: str
    weight_grams: Count
    shipping_cost: Rupiah
    courier_order_id: str | None
    created_at: AwareDatetime


class ShipmentPickedUp(_ShipmentEvent, event_type="shipment.picked_up", aggregate_type="shipment"):
    """The courier picked the parcel up."""

    picked_up_at: AwareDatetime


class ShipmentInTransit(
    _ShipmentEvent, event_type="shipment.in_transit", aggregate_type="shipment"
):
    """The parcel moved on its way (a tracking update)."""

    location: str | None
    note: str | None
    updated_at: AwareDatetime


class ShipmentDelivered(_ShipmentEvent, event_type="shipment.delivered", aggregate_type="shipment"):
    """The courier delivered the parcel."""

    received_by: str | None
    delivered_at: AwareDatetime


class ShipmentFailed(_ShipmentEvent, event_type="shipment.failed", aggregate_type="shipment"):
    """Delivery failed (courier rejected, lost, or undeliverable)."""

    reason: str
    failed_at: AwareDatetime
