"""``GET /api/regions/search``: public village search by name or postal code."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.address.schemas import RegionHit
from api.address.service import regions
from api.kit.access import public
from api.kit.deps import Uow
from api.kit.schemas import Page, Paging

router = APIRouter(tags=["regions"])


@router.get("/api/regions/search")
@public("none: the Kemendagri village register")
async def search_regions(
    uow: Uow,
    paging: Paging,
    q: Annotated[str, Query(min_length=2, max_length=100, description="name or postal code")],
) -> Page[RegionHit]:
    """Villages (kelurahan/desa) whose names or postal code match every word of ``q``."""
    rows, total = await regions.search(uow, q=q, offset=paging.offset, limit=paging.page_size)
    items = [
        RegionHit(
            village_code=v.code,
            village=v.name,
            district=v.district,
            city=v.city,
            province=v.province,
            postal_code=v.postal_code,
        )
        for v in rows
    ]
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)
