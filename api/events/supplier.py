"""``supplier.*`` events, produced by the supplier service onto ``supplier.events``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from api.events.base import EventPayload
from api.events.values import Count, Rating

SupplierType = Literal["factory", "wholesaler", "distributor"]
SupplierStatus = Literal["active", "inactive", "blocked"]
Rate = Annotated[float, Field(ge=0, le=1)]


class _SupplierEvent(EventPayload):
    """A supplier's terms as they are after the change."""

    supplier_id: UUID
    code: str
    name: str
    type: SupplierType
    status: SupplierStatus
    payment_terms_days: Count
    lead_time_days: Count
    # Where purchase orders go: the notification service sends approved POs by WhatsApp.
    contact_name: str | None = None
    whatsapp: str | None = None  # E.164, +62…
    email: str | None = None


class SupplierCreated(_SupplierEvent, event_type="supplier.created", aggregate_type="supplier"):
    """A supplier was registered."""

    created_at: AwareDatetime


class SupplierUpdated(_SupplierEvent, event_type="supplier.updated", aggregate_type="supplier"):
    """A supplier's details, terms or status changed."""

    changed_fields: list[str]
    updated_at: AwareDatetime


class SupplierPerformanceUpdated(
    EventPayload, event_type="supplier.performance_updated", aggregate_type="supplier"
):
    """The data platform scored a supplier for a period (0.4 on-time + 0.3 quality + 0.3 fill)."""

    supplier_id: UUID
    window: Literal["monthly", "rolling_90d"]
    period_start: date
    period_end: date
    po_count: Count
    on_time_rate: Rate
    fill_rate: Rate
    quality_rate: Rate
    avg_lead_time_days: float
    promised_lead_time_days: float
    score: Rate
    stars: Rating
    computed_at: AwareDatetime
