"""``brand.*`` events, produced by the brand service onto ``brand.events``."""

from __future__ import annotations

from uuid import UUID

from pydantic import AwareDatetime

from api.events.base import EventPayload
from api.events.values import Rupiah


class BrandProductAssigned(
    EventPayload, event_type="brand.product_assigned", aggregate_type="brand"
):
    """A brand manager curated a house variant into a brand at a brand price."""

    brand_product_id: UUID
    brand_id: UUID
    brand_code: str
    brand_name: str
    product_id: UUID
    variant_id: UUID
    price: Rupiah
    cost: Rupiah
    is_featured: bool
    is_new_arrival: bool
    is_on_sale: bool
    assigned_by: UUID
    assigned_at: AwareDatetime


class BrandPriceUpdated(EventPayload, event_type="brand.price_updated", aggregate_type="brand"):
    """A brand changed its price for a variant (still above the minimum margin)."""

    brand_product_id: UUID
    brand_id: UUID
    product_id: UUID
    variant_id: UUID
    old_price: Rupiah
    new_price: Rupiah
    updated_by: UUID
    updated_at: AwareDatetime


class BrandCollectionCreated(
    EventPayload, event_type="brand.collection_created", aggregate_type="brand"
):
    """A brand created a collection of its products."""

    collection_id: UUID
    brand_id: UUID
    name: str
    slug: str
    brand_product_ids: list[UUID]
    created_at: AwareDatetime
