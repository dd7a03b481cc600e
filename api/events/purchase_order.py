"""``purchase_order.*`` events, produced by the warehouse onto ``inventory.events``.

Every event repeats supplier, lines, cost and the promised ``expected_date`` so the supplier
performance mart (on-time, fill rate, quality, lead time) needs no other source. Each
``purchase_order.received`` is one receipt; ``is_final`` tells a partial receipt from the last.
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime

from api.events.base import EventPayload
from api.events.values import Currency, PurchaseOrderLine, PurchaseOrderReceiptLine, Rupiah


class _PurchaseOrderEvent(EventPayload):
    """Fields every purchase-order event shares."""

    po_id: UUID
    po_number: str
    supplier_id: UUID
    location_id: UUID
    lines: list[PurchaseOrderLine]
    total_cost: Rupiah
    currency: Currency
    expected_date: date
    ordered_at: AwareDatetime


class PurchaseOrderCreated(
    _PurchaseOrderEvent, event_type="purchase_order.created", aggregate_type="purchase_order"
):
    """A purchase order was drafted, by staff or from a data-platform proposal."""

    status: Literal["draft", "pending_approval"]
    source: Literal["manual", "proposal"]
    requires_admin_approval: bool
    created_by: UUID | None


class PurchaseOrderApproved(
    _PurchaseOrderEvent, event_type="purchase_order.approved", aggregate_type="purchase_order"
):
    """A purchase order was approved (by an admin when over Rp 50,000,000).

    The notification service sends it to the supplier's WhatsApp (a template with the lines):
    the supplier's name and number ride along, as the warehouse knows them from
    ``supplier.*`` events (None for a supplier it has not heard of).
    """

    approved_by: UUID
    approved_at: AwareDatetime
    supplier_code: str | None = None
    supplier_name: str | None = None
    supplier_whatsapp: str | None = None  # E.164, +62…


class PurchaseOrderSent(
    _PurchaseOrderEvent, event_type="purchase_order.sent", aggregate_type="purchase_order"
):
    """A purchase order was sent to the supplier; the promised lead time starts."""

    sent_at: AwareDatetime


class PurchaseOrderReceived(
    _PurchaseOrderEvent, event_type="purchase_order.received", aggregate_type="purchase_order"
):
    """Goods of a purchase order arrived; good units filled backorders first, then stock."""

    receipt_id: UUID
    receipt_lines: list[PurchaseOrderReceiptLine]
    is_final: bool
    received_by: UUID | None
    received_at: AwareDatetime


class PurchaseOrderCancelled(
    _PurchaseOrderEvent, event_type="purchase_order.cancelled", aggregate_type="purchase_order"
):
    """A purchase order was cancelled before being fully received."""

    reason: str
    cancelled_by: UUID | None
    cancelled_at: AwareDatetime
