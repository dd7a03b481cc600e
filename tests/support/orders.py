"""Order events as the order service writes them, for tests of the services that consume them
(support links tickets to orders, review makes delivered items reviewable)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from api.events import OrderCreated, OrderDelivered
from api.events.values import AddressSnapshot, OrderItemSnapshot

ADDRESS = AddressSnapshot(
    address_id=None,
    recipient_name="Siti",
    phone="+6281234567890",
    street="Jl. Mawar 1",
    village_code="3171010001",
    district_code="317101",
    regency_code="3171",
    province_code="31",
    postal_code="10110",
    city="Jakarta Pusat",
    province="DKI Jakarta",
)


def order_fields(
    order_id: UUID, user_id: UUID, *, seller_id: UUID | None = None, number: str | None = None
) -> dict[str, Any]:
    """The fields every ``order.*`` event of one order shares."""
    return {
        "order_id": order_id,
        "order_number": number or f"ORD-20261124-{order_id.hex[:5].upper()}",
        "checkout_id": uuid4(),
        "user_id": user_id,
        "seller_id": seller_id,
        "fulfilment": "seller" if seller_id else "house",
    }


def order_item(
    item_id: UUID,
    *,
    product_id: UUID | None = None,
    seller_id: UUID | None = None,
    brand_id: UUID | None = None,
) -> OrderItemSnapshot:
    """One batik shirt, size M (a house item unless a seller is named)."""
    return OrderItemSnapshot(
        order_item_id=item_id,
        product_id=product_id or uuid4(),
        variant_id=uuid4(),
        sku=f"SKU-{item_id.hex[:6]}",
        name="Kemeja Batik Parang",
        size="M",
        color="Navy",
        brand_id=brand_id if seller_id is None else None,
        seller_id=seller_id,
        unit_price=250_000,
        quantity=1,
        line_total=250_000,
    )


def order_created(
    fields: dict[str, Any], items: list[OrderItemSnapshot], *, at: datetime
) -> OrderCreated:
    """``order.created`` of ``items`` (Rp 15,000 shipping)."""
    subtotal = sum(item.line_total for item in items)
    return OrderCreated(
        **fields,
        items=items,
        brand_ids=sorted({item.brand_id for item in items if item.brand_id}),
        subtotal=subtotal,
        shipping_cost=15_000,
        total=subtotal + 15_000,
        currency="IDR",
        shipping_address=ADDRESS,
        payment_due_at=at + timedelta(minutes=30),
        created_at=at,
    )


def order_delivered(fields: dict[str, Any], *, at: datetime) -> OrderDelivered:
    """``order.delivered`` at ``at`` (the 7-day return window starts)."""
    return OrderDelivered(
        **fields, shipment_id=uuid4(), delivered_at=at, return_window_ends_at=at + timedelta(days=7)
    )
