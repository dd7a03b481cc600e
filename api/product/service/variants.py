"""Variants (SKUs): uniqueness checks, adding and repricing, and the bulk internal lookup."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select

from api.kit.auth import Principal
from api.kit.errors import Unprocessable
from api.kit.uow import UnitOfWork
from api.product.errors import DuplicateSku, DuplicateVariant, VariantNotFound
from api.product.models import BrandOffer, Product, Variant
from api.product.service import events
from api.product.service.access import check_cost, ensure_can_edit, ensure_may_list


def refresh_price_range(product: Product, variants: Iterable[Variant]) -> None:
    """Keep the product's min/max price (what listings sort and filter by) current."""
    prices = [v.price for v in variants]
    product.min_price, product.max_price = (min(prices), max(prices)) if prices else (0, 0)


async def check_new_variants(
    uow: UnitOfWork, variants: Sequence[dict[str, Any]], *, existing: Sequence[Variant] = ()
) -> None:
    """409 naming the field when a SKU is taken or a (size, colour) repeats; nothing written."""
    seen_skus: dict[str, int] = {}
    seen_options = {(v.size, v.color) for v in existing}
    for index, variant in enumerate(variants):
        sku = variant["sku"]
        if sku in seen_skus:
            raise DuplicateSku(
                f"SKU {sku!r} appears twice",
                errors=[
                    {"field": f"variants.{index}.sku", "message": "duplicate", "type": "conflict"}
                ],
            )
        seen_skus[sku] = index
        option = (variant.get("size"), variant.get("color"))
        if option in seen_options:
            raise DuplicateVariant(
                f"Size {option[0]!r} in colour {option[1]!r} already exists on this product",
                errors=[
                    {
                        "field": f"variants.{index}",
                        "message": "duplicate size and colour",
                        "type": "conflict",
                    }
                ],
            )
        seen_options.add(option)
    taken = (await uow.session.scalars(select(Variant.sku).where(Variant.sku.in_(seen_skus)))).all()
    if taken:
        sku = sorted(taken)[0]
        raise DuplicateSku(
            f"SKU {sku!r} is already used",
            errors=[
                {
                    "field": f"variants.{seen_skus[sku]}.sku",
                    "message": "already used",
                    "type": "conflict",
                }
            ],
        )


async def add_variant(
    uow: UnitOfWork, *, principal: Principal, product: Product, variant: dict[str, Any]
) -> Variant:
    """A new SKU on an existing product (product.variant_added)."""
    ensure_can_edit(principal, product)
    if product.seller_id is not None:
        await ensure_may_list(uow, product.seller_id)
    house = product.seller_id is None
    check_cost(principal, house=house, cost=variant.get("cost_price"), field="cost_price")
    if house and principal.is_admin and variant.get("cost_price") is None:
        raise Unprocessable("House products need a cost price", field="cost_price")
    await check_new_variants(uow, [variant], existing=product.variants)
    now = datetime.now(UTC)
    row = Variant(product_id=product.id, created_at=now, **variant)
    # through the loaded collection, so the product read back in this session shows the new
    # variant (a bare session.add left it out, and the route's answer failed with a 500)
    product.variants.append(row)
    refresh_price_range(product, product.variants)
    product.updated_at = now
    await uow.session.flush()
    await uow.outbox.add(events.variant_added(product, row), aggregate_id=product.id)
    return row


async def update_variant(
    uow: UnitOfWork,
    *,
    principal: Principal,
    product: Product,
    variant_id: UUID,
    changes: dict[str, Any],
) -> Variant:
    """Reprice, recost or reweigh a variant; product.updated names ``variants.<sku>.<field>``
    and carries the variant as it is now (brand learns cost changes from it)."""
    ensure_can_edit(principal, product)
    check_cost(
        principal,
        house=product.seller_id is None,
        cost=changes.get("cost_price"),
        field="cost_price",
    )
    variant = next((v for v in product.variants if v.id == variant_id), None)
    if variant is None:
        raise VariantNotFound(f"Variant {variant_id} is not on product {product.id}")
    changed = []
    for field, value in changes.items():
        if value is not None and getattr(variant, field) != value:
            setattr(variant, field, value)
            changed.append(f"variants.{variant.sku}.{field}")
    if changed:
        refresh_price_range(product, product.variants)
        product.updated_at = datetime.now(UTC)
        await uow.session.flush()
        await uow.outbox.add(
            events.updated(product, changed, variants=[variant]), aggregate_id=product.id
        )
    return variant


async def lookup(uow: UnitOfWork, *, variant_ids: Sequence[UUID]) -> list[dict[str, Any]]:
    """Variants with their product's name, seller, status and brand prices (deleted excluded)."""
    rows = (
        await uow.session.execute(
            select(Variant, Product.name, Product.seller_id, Product.status, Product.updated_at)
            .join(Product, Product.id == Variant.product_id)
            .where(Variant.id.in_(variant_ids), Product.deleted_at.is_(None))
        )
    ).all()
    offers = (
        await uow.session.scalars(select(BrandOffer).where(BrandOffer.variant_id.in_(variant_ids)))
    ).all()
    prices: dict[UUID, dict[str, int]] = {}
    for offer in offers:
        prices.setdefault(offer.variant_id, {})[str(offer.brand_id)] = offer.price
    return [
        {
            "variant_id": v.id,
            "product_id": v.product_id,
            "seller_id": seller_id,
            "sku": v.sku,
            "name": name,
            "size": v.size,
            "color": v.color,
            "price": v.price,
            "cost_price": v.cost_price,
            "weight_grams": v.weight_grams,
            "status": status,
            "brand_prices": prices.get(v.id, {}),
            "version": version,
        }
        for v, name, seller_id, status, version in rows
    ]


async def product_facts(uow: UnitOfWork, *, product_id: UUID) -> list[dict[str, Any]] | None:
    """Every variant of a live product as ``lookup`` answers them; None if unknown or deleted."""
    ids = list(
        await uow.session.scalars(
            select(Variant.id)
            .join(Product, Product.id == Variant.product_id)
            .where(Product.id == product_id, Product.deleted_at.is_(None))
            .order_by(Variant.sku)
        )
    )
    if not ids:
        return None
    found = {row["variant_id"]: row for row in await lookup(uow, variant_ids=ids)}
    return [found[i] for i in ids if i in found]
