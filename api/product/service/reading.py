"""Building the product page: variants with availability and brand offers, images."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from api.kit.auth import Principal
from api.kit.uow import UnitOfWork
from api.product.errors import ProductNotFound
from api.product.lifecycle import is_public
from api.product.models import Brand, BrandOffer, Product, ProductImage, Variant
from api.product.schemas import (
    Availability,
    BrandOfferRead,
    ImageRead,
    ProductRead,
    RatingRead,
    VariantRead,
)
from api.product.service.access import can_see_private
from api.product.service.catalog import load_product
from api.product.service.readmodels import seller_suspended


def availability(variant: Variant, *, house: bool) -> Availability:
    """The shopper's view of a variant's stock.

    Before the warehouse has published anything the status is ``unknown`` and the variant is
    orderable (checkout reserves against the warehouse, which has the last word). A house
    variant out of stock can still be backordered into the next grosir bundle until locked.
    """
    if variant.locked:
        status = "locked"
    elif variant.out_of_stock:
        status = "out_of_stock"
    elif variant.low_stock:
        status = "low_stock"
    elif variant.available is not None:
        status = "in_stock"
    else:
        status = "unknown"
    orderable = not variant.locked and (house or not variant.out_of_stock)
    return Availability(
        status=status,
        available=variant.available,
        max_orderable=variant.max_orderable,
        orderable=orderable,
    )


def rating(product: Product) -> RatingRead:
    """The product's rating as the review service last summarised it."""
    return RatingRead(
        count=product.rating_count,
        average=float(product.rating_average) if product.rating_average is not None else None,
        bayesian_average=float(product.rating_bayesian),
        distribution=product.rating_distribution,
    )


async def visible_product(
    uow: UnitOfWork, *, product_id: UUID, principal: Principal | None
) -> Product:
    """The product if the caller may see it: active ones of sellers in good standing for
    everyone; others (drafts, a suspended seller's products) for their owner and staff only
    (404 otherwise, as search hides them)."""
    product = await load_product(uow, product_id=product_id)
    if can_see_private(principal, product):
        return product
    if not is_public(product.status) or (
        product.seller_id is not None and await seller_suspended(uow, product.seller_id)
    ):
        raise ProductNotFound(f"Product {product_id} does not exist")
    return product


async def read_product(
    uow: UnitOfWork, *, product_id: UUID, principal: Principal | None
) -> ProductRead:
    """The product page; non-active products only for their owner and staff (404 otherwise)."""
    product = await visible_product(uow, product_id=product_id, principal=principal)
    return await render(uow, product, private=can_see_private(principal, product))


async def render(uow: UnitOfWork, product: Product, *, private: bool) -> ProductRead:
    """``product`` (variants loaded) as the API answers it."""
    offer_rows = (
        await uow.session.execute(
            select(BrandOffer, Brand.name)
            .outerjoin(Brand, Brand.id == BrandOffer.brand_id)
            .where(BrandOffer.product_id == product.id)
            .order_by(BrandOffer.price, BrandOffer.brand_code)
        )
    ).all()
    offers: dict[UUID, list[BrandOfferRead]] = {}
    for offer, brand_name in offer_rows:
        offers.setdefault(offer.variant_id, []).append(
            BrandOfferRead(
                brand_id=offer.brand_id,
                brand_code=offer.brand_code,
                brand_name=brand_name or offer.brand_code,
                price=offer.price,
            )
        )
    images = (
        await uow.session.scalars(
            select(ProductImage)
            .where(ProductImage.product_id == product.id)
            .order_by(ProductImage.position, ProductImage.created_at)
        )
    ).all()
    house = product.seller_id is None
    return ProductRead(
        id=product.id,
        name=product.name,
        slug=product.slug,
        description=product.description,
        category_id=product.category_id,
        category_name=product.category_name,
        seller_id=product.seller_id,
        status=product.status,
        min_price=product.min_price,
        max_price=product.max_price,
        created_at=product.created_at,
        updated_at=product.updated_at,
        variants=[
            VariantRead(
                id=v.id,
                sku=v.sku,
                size=v.size,
                color=v.color,
                weight_grams=v.weight_grams,
                price=v.price,
                cost_price=v.cost_price if private else None,
                availability=availability(v, house=house),
                brand_offers=offers.get(v.id, []),
            )
            for v in product.variants
        ],
        images=[ImageRead.model_validate(image) for image in images],
        rating=rating(product),
    )
