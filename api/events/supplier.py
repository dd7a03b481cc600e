"""``supplier.*`` events, produced by the supplier service onto ``supplier.events``.

``supplier.created`` / ``supplier.updated`` carry the supplier as it is after the change — its
terms, where purchase orders go (the notification service sends approved POs by WhatsApp), its
current standing and its whole catalogue — so the warehouse keeps a complete copy from events
alone, replacing what it had with each one. ``supplier.performance_updated`` is one scored
period pushed by the data platform, with the standing it leaves the supplier in.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from api.events.base import EventPayload
from api.events.values import Count, Quantity, Rating, Rupiah, ValueModel

SupplierType = Literal["factory", "wholesaler", "distributor"]
SupplierStatus = Literal["active", "inactive", "blocked"]
# score ≥ 0.8 excellent, 0.5–0.8 average, 0.3–0.5 poor, < 0.3 very poor; unrated: no period scored
Standing = Literal["excellent", "average", "poor", "very_poor", "unrated"]
Rate = Annotated[float, Field(ge=0, le=1)]


class BundleShare(ValueModel):
    """One size of a supplier's grosir bundle: how many units of the variant a bundle holds."""

    variant_id: UUID
    units: Quantity


class CatalogueOffer(ValueModel):
    """What a supplier sells of one house product, and on which terms."""

    product_id: UUID
    unit_cost: Rupiah
    bundle_cost: Rupiah = Field(description="unit_cost × the units of one bundle")
    units_per_bundle: list[BundleShare]
    min_bundles: Quantity
    lead_time_days: Quantity


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
    # The standing the latest rolling 90 days left the supplier in (events written before these
    # fields existed parse as an unrated supplier with an empty catalogue).
    standing: Standing = "unrated"
    score: Rate | None = None
    stars: Rating | None = None
    catalogue: list[CatalogueOffer] = Field(default_factory=list)


class SupplierCreated(_SupplierEvent, event_type="supplier.created", aggregate_type="supplier"):
    """A supplier was registered."""

    created_at: AwareDatetime


class SupplierUpdated(_SupplierEvent, event_type="supplier.updated", aggregate_type="supplier"):
    """A supplier's details, terms, status or catalogue changed (``changed_fields`` says which;
    ``catalogue`` when an offer was set or withdrawn)."""

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
    # The supplier's standing after this period was recorded (a rolling window sets it; a monthly
    # snapshot leaves it as it was), and when the supplier service recorded it.
    standing: Standing | None = None
    recorded_at: AwareDatetime | None = None
