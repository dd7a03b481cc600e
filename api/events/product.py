"""``product.*`` events, produced by the product service onto ``product.events``."""

from __future__ import annotations

from uuid import UUID

from pydantic import AwareDatetime, Field

from api.events.base import EventPayload
from api.events.values import Count, ProductStatus, Rupiah, ValueModel


class VariantSnapshot(ValueModel):
    """A product variant (SKU) as it is right now."""

    variant_id: UUID
    sku: str
    size: str | None
    color: str | None
    weight_grams: Count
    base_price: Rupiah
    cost_price: Rupiah | None = None  # known for house products; brands check margins on it


class ProductCreated(EventPayload, event_type="product.created", aggregate_type="product"):
    """A product was created, with its variants (house products enter brand curation)."""

    product_id: UUID
    seller_id: UUID | None
    name: str
    slug: str
    category_id: UUID
    status: ProductStatus
    variants: list[VariantSnapshot]
    created_at: AwareDatetime


class ProductUpdated(EventPayload, event_type="product.updated", aggregate_type="product"):
    """A product's details or status changed; ``changed_fields`` names what changed, and
    ``variants`` carries every variant whose price, cost or weight changed, as it is now."""

    product_id: UUID
    seller_id: UUID | None
    name: str
    slug: str
    category_id: UUID
    status: ProductStatus
    changed_fields: list[str]
    updated_at: AwareDatetime
    # empty in events written before it existed, and when only product fields changed
    variants: list[VariantSnapshot] = Field(default_factory=list)


class ProductDeleted(EventPayload, event_type="product.deleted", aggregate_type="product"):
    """A product was deleted and can no longer be bought."""

    product_id: UUID
    seller_id: UUID | None
    variant_ids: list[UUID]
    deleted_at: AwareDatetime


class ProductVariantAdded(
    EventPayload, event_type="product.variant_added", aggregate_type="product"
):
    """A new variant (SKU) was added to a product."""

    product_id: UUID
    seller_id: UUID | None
    variant: VariantSnapshot
    added_at: AwareDatetime
