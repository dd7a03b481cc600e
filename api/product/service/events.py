"""Catalog payloads built from the ORM rows (fat events: the variants travel with the product)."""

from __future__ import annotations

from datetime import datetime

from api.events.product import (
    ProductCreated,
    ProductDeleted,
    ProductUpdated,
    ProductVariantAdded,
    VariantSnapshot,
)
from api.product.models import Product, Variant


def snapshot(variant: Variant) -> VariantSnapshot:
    """The event form of a variant."""
    return VariantSnapshot(
        variant_id=variant.id,
        sku=variant.sku,
        size=variant.size,
        color=variant.color,
        weight_grams=variant.weight_grams,
        base_price=variant.price,
        cost_price=variant.cost_price,
    )


def created(product: Product, variants: list[Variant]) -> ProductCreated:
    return ProductCreated(
        product_id=product.id,
        seller_id=product.seller_id,
        name=product.name,
        slug=product.slug,
        category_id=product.category_id,
        status=product.status,
        variants=[snapshot(v) for v in variants],
        created_at=product.created_at,
    )


def updated(
    product: Product, changed_fields: list[str], *, variants: list[Variant] | None = None
) -> ProductUpdated:
    return ProductUpdated(
        product_id=product.id,
        seller_id=product.seller_id,
        name=product.name,
        slug=product.slug,
        category_id=product.category_id,
        status=product.status,
        changed_fields=changed_fields,
        variants=[snapshot(v) for v in variants or []],
        updated_at=product.updated_at,
    )


def deleted(product: Product, variants: list[Variant], at: datetime) -> ProductDeleted:
    return ProductDeleted(
        product_id=product.id,
        seller_id=product.seller_id,
        variant_ids=[v.id for v in variants],
        deleted_at=at,
    )


def variant_added(product: Product, variant: Variant) -> ProductVariantAdded:
    return ProductVariantAdded(
        product_id=product.id,
        seller_id=product.seller_id,
        variant=snapshot(variant),
        added_at=variant.created_at,
    )
