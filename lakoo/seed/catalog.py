"""``seed_catalog``: a realistic fashion catalogue written through the services' own layers.

Categories, a few hundred house and seller products (sizes × colours, Indonesian + English
descriptions, prices) through the product service layer, then brand prices through the brand
service layer — each in its own transaction with its outbox events, exactly as the HTTP routes
would. Brand offers are also applied to the product read model directly, so a catalogue seeded
without the relay and workers running already shows brand prices (the events, when consumed
later, are idempotent upserts of the same values). Running it twice adds nothing.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import select

from api.brand.house_brands import HOUSE_BRANDS
from api.brand.margins import default_price
from api.brand.service import pricing
from api.kit.auth import Principal, Role
from api.kit.catalog import VariantFacts, facts_from
from api.kit.db import make_async_engine, make_session_factory
from api.kit.uow import UnitOfWorkFactory
from api.product.models import Category
from api.product.service import catalog, categories
from api.product.service import variants as product_variants
from api.product.service.readmodels import upsert_offer
from lakoo.seed.fashion import CATEGORIES, COLOURS, FABRICS, GARMENTS, MOTIFS, OCCASIONS

SEED_ADMIN = Principal(user_id=UUID("00000000-0000-4000-8000-00000000a001"), role=Role.admin)


@dataclass
class SeedReport:
    categories: int = 0
    products: int = 0
    variants: int = 0
    brand_prices: int = 0
    skipped: bool = False


class _LocalCatalog:
    """The brand service's view of variants, read straight from the product service layer."""

    def __init__(self, product_uows: UnitOfWorkFactory) -> None:
        self.uows = product_uows

    async def variants(self, variant_ids: Iterable[UUID]) -> dict[UUID, VariantFacts]:
        async with self.uows() as uow:
            rows = await product_variants.lookup(uow, variant_ids=list(variant_ids))
        return {facts.variant_id: facts for facts in map(facts_from, rows)}

    async def product(self, product_id: UUID) -> list[VariantFacts] | None:
        async with self.uows() as uow:
            rows = await product_variants.product_facts(uow, product_id=product_id)
        return None if rows is None else [facts_from(row) for row in rows]


def _product_body(rng: random.Random, slug: str, index: int) -> dict[str, Any]:
    name, english, cost, weight, sizes = rng.choice(GARMENTS[slug])
    motif, (fabric, fabric_en) = rng.choice(MOTIFS), rng.choice(FABRICS)
    occasion, occasion_en = rng.choice(OCCASIONS)
    colours = rng.sample(COLOURS, k=rng.randint(1, 3))
    cost = int(cost * rng.uniform(0.85, 1.3)) // 1000 * 1000
    code = f"LK{index:04d}"
    return {
        "name": f"{name} {motif} {fabric.title()}",
        "description": (
            f"{name} motif {motif.lower()} berbahan {fabric} yang adem dan nyaman, cocok untuk "
            f"{occasion}. Jahitan rapi, warna tidak mudah pudar.\n\n"
            f"{english.capitalize()} in {fabric_en} with a {motif} pattern, made for "
            f"{occasion_en}. Neat stitching, colour-fast."
        ),
        "variants": [
            {
                "sku": f"{code}-{colour[:3].upper()}{c}-{size.replace(' ', '')}",
                "size": size,
                "color": colour,
                "price": cost * 2,
                "cost_price": cost,
                "weight_grams": weight,
            }
            for c, colour in enumerate(colours)
            for size in sizes
        ],
    }


async def seed_catalog(
    *, product_database_url: str, brand_database_url: str, products: int = 300, seed: int = 7
) -> SeedReport:
    """Seed categories, ``products`` products and brand prices; a no-op if already seeded."""
    rng = random.Random(seed)
    report = SeedReport()
    product_engine = make_async_engine(product_database_url, pool_size=2)
    brand_engine = make_async_engine(brand_database_url, pool_size=2)
    try:
        product_uows = UnitOfWorkFactory(make_session_factory(product_engine), producer="product")
        brand_uows = UnitOfWorkFactory(make_session_factory(brand_engine), producer="brand")
        ids: dict[str, UUID] = {}
        async with product_uows() as uow:
            if await uow.session.scalar(select(Category.id).where(Category.slug == "dress")):
                report.skipped = True
                return report
            for parent, slug, name in CATEGORIES:
                parent_id = ids[parent] if parent else None
                category = await categories.create_category(
                    uow, name=name, slug=slug, parent_id=parent_id
                )
                ids[slug] = category.id
                report.categories += 1
            await uow.commit()
        leaves = list(GARMENTS)
        brand_catalog = _LocalCatalog(product_uows)
        for index in range(products):
            slug = rng.choice(leaves)
            body = _product_body(rng, slug, index)
            house = rng.random() < 0.7
            principal = SEED_ADMIN if house else Principal(user_id=uuid4(), role=Role.seller)
            async with product_uows() as uow:
                product = await catalog.create_product(
                    uow,
                    principal=principal,
                    category_id=ids[slug],
                    status="active",
                    name=body["name"],
                    description=body["description"],
                    variants=body["variants"]
                    if house
                    else [{**v, "cost_price": None} for v in body["variants"]],
                )
                variants = [(v.id, v.cost_price) for v in await _variants(uow, product.id)]
                await uow.commit()
            report.products += 1
            report.variants += len(variants)
            if house:
                report.brand_prices += await _price_in_brands(
                    rng, variants, brand_uows, product_uows, brand_catalog
                )
        return report
    finally:
        await product_engine.dispose()
        await brand_engine.dispose()


async def _variants(uow: Any, product_id: UUID) -> list[Any]:
    product = await catalog.load_product(uow, product_id=product_id)
    return list(product.variants)


async def _price_in_brands(
    rng: random.Random,
    variants: list[tuple[UUID, int | None]],
    brand_uows: UnitOfWorkFactory,
    product_uows: UnitOfWorkFactory,
    brand_catalog: _LocalCatalog,
) -> int:
    """Curate a house product into one to three brands at margins between 40% and 90%."""
    priced = 0
    for brand in rng.sample(HOUSE_BRANDS, k=rng.randint(1, 3)):
        margin_factor = rng.uniform(0.4, 0.9)
        for variant_id, cost in variants:
            assert cost is not None
            price = (default_price(cost, brand_margin(margin_factor)) + 999) // 1000 * 1000 - 100
            async with brand_uows() as uow:
                await pricing.set_price(
                    uow,
                    principal=SEED_ADMIN,
                    brand_id=brand.id,
                    variant_id=variant_id,
                    price=price,
                    catalog=brand_catalog,
                )
                await uow.commit()
            async with product_uows() as uow:
                await upsert_offer(
                    uow,
                    brand_id=brand.id,
                    brand_code=brand.code,
                    variant_id=variant_id,
                    price=price,
                    at=datetime.now(UTC),
                )
                await uow.commit()
            priced += 1
    return priced


def brand_margin(factor: float) -> Decimal:
    """A margin as the Decimal the pricing arithmetic takes."""
    return Decimal(str(round(factor, 2)))
