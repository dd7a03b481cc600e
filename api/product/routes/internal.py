"""``/internal/...``: what other services read from the catalogue (internal API key only)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.kit.access import owner
from api.kit.auth import InternalCall
from api.kit.deps import Uow
from api.product.errors import ProductNotFound
from api.product.schemas import ProductFacts, VariantInfo, VariantLookup, VariantLookupResult
from api.product.service import variants

router = APIRouter(tags=["product (internal)"], dependencies=[InternalCall])


@router.post("/internal/variants/lookup", response_model=VariantLookupResult)
@owner("any variant by id (cart, order, warehouse, brand)")
async def lookup_variants(body: VariantLookup, uow: Uow) -> VariantLookupResult:
    """Variants by id (cart, order, warehouse, brand); unknown or deleted ids in ``missing``."""
    found = await variants.lookup(uow, variant_ids=body.variant_ids)
    items = [VariantInfo.model_validate(row) for row in found]
    known = {item.variant_id for item in items}
    missing = [vid for vid in dict.fromkeys(body.variant_ids) if vid not in known]
    return VariantLookupResult(items=items, missing=missing)


@router.get("/internal/products/{product_id}", response_model=ProductFacts)
@owner("any live product's variants, with costs (brand and warehouse learning on demand)")
async def read_product_facts(product_id: UUID, uow: Uow) -> ProductFacts:
    """A live product's variants, for services that learn the catalogue on demand; 404 when
    the product is unknown or deleted."""
    found = await variants.product_facts(uow, product_id=product_id)
    if found is None:
        raise ProductNotFound(f"Product {product_id} does not exist")
    return ProductFacts(
        product_id=product_id, variants=[VariantInfo.model_validate(row) for row in found]
    )
