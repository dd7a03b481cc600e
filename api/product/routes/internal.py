"""``/internal/...``: what other services read from the catalogue (internal API key only)."""

from __future__ import annotations

from fastapi import APIRouter

from api.kit.auth import InternalCall
from api.kit.deps import Uow
from api.product.schemas import VariantInfo, VariantLookup, VariantLookupResult
from api.product.service import variants

router = APIRouter(tags=["product (internal)"], dependencies=[InternalCall])


@router.post("/internal/variants/lookup", response_model=VariantLookupResult)
async def lookup_variants(body: VariantLookup, uow: Uow) -> VariantLookupResult:
    """Variants by id (cart, order, warehouse, brand); unknown or deleted ids in ``missing``."""
    found = await variants.lookup(uow, variant_ids=body.variant_ids)
    items = [VariantInfo.model_validate(row) for row in found]
    known = {item.variant_id for item in items}
    missing = [vid for vid in dict.fromkeys(body.variant_ids) if vid not in known]
    return VariantLookupResult(items=items, missing=missing)
