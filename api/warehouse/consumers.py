"""The events the warehouse consumes: an explicit ``{event_type: handler}`` table.

Handlers run inside the consumer runtime's transaction together with the inbox claim, so a
redelivered event has no second effect; they are also no-ops on reservations already past the
state they act on, so late or reordered events are harmless.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from api.events import (
    Event,
    OrderCancelled,
    OrderExpired,
    OrderShipped,
    PaymentExpired,
    PaymentPaid,
    ProductCreated,
    ProductVariantAdded,
    SupplierCreated,
    SupplierPerformanceUpdated,
    SupplierUpdated,
    VariantSnapshot,
)
from api.kit.consumer import Handler
from api.kit.uow import UnitOfWork
from api.warehouse.models import Variant
from api.warehouse.schemas import VariantRegister
from api.warehouse.service import lifecycle, suppliers, variants
from api.warehouse.settings import get_settings


def _reorder_point() -> int:
    return get_settings().default_reorder_point


async def on_payment_paid(event: Event[Any], uow: UnitOfWork) -> None:
    """Paid: the checkout's reservations are confirmed."""
    payload: PaymentPaid = event.payload
    await lifecycle.confirm(
        uow, checkout_id=payload.checkout_id, payment_id=payload.payment_id, at=payload.paid_at
    )


async def on_payment_expired(event: Event[Any], uow: UnitOfWork) -> None:
    """The payment window passed: every unpaid reservation of the checkout is released."""
    payload: PaymentExpired = event.payload
    await lifecycle.release(
        uow,
        reason="payment_expired",
        at=payload.expired_at,
        checkout_id=payload.checkout_id,
        default_reorder_point=_reorder_point(),
    )


async def on_order_cancelled(event: Event[Any], uow: UnitOfWork) -> None:
    """Cancelled (paid or not): the order's reservation is released."""
    payload: OrderCancelled = event.payload
    await lifecycle.release(
        uow,
        reason="order_cancelled",
        at=payload.cancelled_at,
        order_id=payload.order_id,
        default_reorder_point=_reorder_point(),
    )


async def on_order_expired(event: Event[Any], uow: UnitOfWork) -> None:
    """The order expired unpaid: its reservation is released."""
    payload: OrderExpired = event.payload
    await lifecycle.release(
        uow,
        reason="order_expired",
        at=payload.expired_at,
        order_id=payload.order_id,
        default_reorder_point=_reorder_point(),
    )


async def on_order_shipped(event: Event[Any], uow: UnitOfWork) -> None:
    """Shipped: the reserved units leave on-hand stock."""
    payload: OrderShipped = event.payload
    await lifecycle.fulfil(
        uow,
        order_id=payload.order_id,
        shipment_id=payload.shipment_id,
        at=payload.shipped_at,
        default_reorder_point=_reorder_point(),
    )


async def _register(
    uow: UnitOfWork,
    *,
    product_id: UUID,
    seller_id: UUID | None,
    variant: VariantSnapshot,
    at: datetime,
) -> None:
    # a variant already in the registry keeps what staff set on it (cost, reorder point)
    if await uow.session.get(Variant, variant.variant_id) is not None:
        return
    body = VariantRegister(
        product_id=product_id,
        sku=variant.sku,
        seller_id=seller_id,
        cost=variant.cost_price or 0,
    )
    await variants.register_variant(uow, variant_id=variant.variant_id, body=body, at=at)


async def on_product_created(event: Event[Any], uow: UnitOfWork) -> None:
    """A new product: its variants enter the registry, so they can be stocked and reserved."""
    payload: ProductCreated = event.payload
    for variant in payload.variants:
        await _register(
            uow,
            product_id=payload.product_id,
            seller_id=payload.seller_id,
            variant=variant,
            at=payload.created_at,
        )


async def on_variant_added(event: Event[Any], uow: UnitOfWork) -> None:
    """A variant added to a product enters the registry too."""
    payload: ProductVariantAdded = event.payload
    await _register(
        uow,
        product_id=payload.product_id,
        seller_id=payload.seller_id,
        variant=payload.variant,
        at=payload.added_at,
    )


async def on_supplier_created(event: Event[Any], uow: UnitOfWork) -> None:
    """A new supplier: its terms, standing and catalogue, for choosing whom POs go to."""
    payload: SupplierCreated = event.payload
    await suppliers.learn(uow, payload, at=payload.created_at)


async def on_supplier_updated(event: Event[Any], uow: UnitOfWork) -> None:
    """A supplier changed: the copy (catalogue included) is replaced by the event's."""
    payload: SupplierUpdated = event.payload
    await suppliers.learn(uow, payload, at=payload.updated_at)


async def on_supplier_performance_updated(event: Event[Any], uow: UnitOfWork) -> None:
    """A scored rolling window moves the supplier's standing, and with it the next PO's choice."""
    payload: SupplierPerformanceUpdated = event.payload
    await suppliers.learn_standing(uow, payload)


HANDLERS: dict[str, Handler] = {
    "product.created": on_product_created,
    "product.variant_added": on_variant_added,
    "payment.paid": on_payment_paid,
    "payment.expired": on_payment_expired,
    "order.cancelled": on_order_cancelled,
    "order.expired": on_order_expired,
    "order.shipped": on_order_shipped,
    "supplier.created": on_supplier_created,
    "supplier.updated": on_supplier_updated,
    "supplier.performance_updated": on_supplier_performance_updated,
}
