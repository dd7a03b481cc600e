"""Shipment events as the logistic service will publish them (api/logistic is not built yet:
these payloads come from the event catalog, delivered to the order service's real handlers)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from api.events import (
    EventPayload,
    ShipmentDelivered,
    ShipmentPickedUp,
    build_envelope,
    parse_event,
)
from api.kit import inbox
from tests.integration.order.harness import Market


def _common(order_id: str, shipment_id: UUID) -> dict[str, object]:
    return {
        "shipment_id": shipment_id,
        "shipment_number": f"SHP-20261124-{uuid4().hex[:5].upper()}",
        "order_id": UUID(order_id),
        "seller_id": None,
        "fulfilment": "house",
        "courier": "jne",
        "service": "reg",
        "tracking_number": "JNE123",
    }


async def publish(shop: Market, payload: EventPayload, producer: str = "logistic") -> None:
    """Hand one event to the order service's handler table, through its inbox."""
    from api.order.consumers import HANDLERS

    event = parse_event(
        build_envelope(payload, aggregate_id=uuid4(), producer=producer).model_dump_json()
    )
    async with shop.uows["order"]() as uow:
        assert await inbox.claim(
            uow.session, event_id=event.event_id, consumer="order", event_type=event.event_type
        )
        await HANDLERS[event.event_type](event, uow)
        await uow.commit()


async def ship(shop: Market, order_id: str, *, at: datetime | None = None) -> UUID:
    shipment_id = uuid4()
    await publish(
        shop,
        ShipmentPickedUp(**_common(order_id, shipment_id), picked_up_at=at or datetime.now(UTC)),  # type: ignore[arg-type]
    )
    return shipment_id


async def deliver(shop: Market, order_id: str, shipment_id: UUID, *, at: datetime) -> None:
    await publish(
        shop,
        ShipmentDelivered(
            **_common(order_id, shipment_id),
            received_by="Siti",
            delivered_at=at,  # type: ignore[arg-type]
        ),
    )
