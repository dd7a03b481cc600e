"""``/api/ads/placements`` and ``/api/ads/clicks``: serving sponsored results and their clicks,
open to anyone (signed-in shoppers are recognised: their id goes into the events and the
invalid-click rules)."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Header, Query

from api.advertisement.routes.deps import Clicks, ClientIp, Impressions, Settings, UowFactory
from api.advertisement.schemas import ClickCreate, ClickRead, PlacementPage
from api.advertisement.service import serving
from api.advertisement.service.clicks import ClickRequest
from api.kit.access import owner
from api.kit.auth import OptionalPrincipal

router = APIRouter(tags=["serving"])

SessionHeader = Annotated[
    str | None,
    Header(
        alias="x-session-id",
        max_length=120,
        pattern=r"^[\x21-\x7e]+$",
        description="An anonymous shopper's session (duplicate-click rule)",
    ),
]


@router.get("/api/ads/placements")
@owner("no one's data: active campaigns' ads; each item is an impression recorded")
async def placements(
    principal: OptionalPrincipal,
    settings: Settings,
    uows: UowFactory,
    writer: Impressions,
    placement: Literal["search", "product_page", "category", "homepage"],
    q: Annotated[str | None, Query(max_length=200)] = None,
    category_id: UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=10)] = 3,
    session_id: SessionHeader = None,
) -> PlacementPage:
    """The sponsored results of a placement, ranked by bid × quality, priced by second price."""
    if q is not None and "\x00" in q:
        q = q.replace("\x00", " ")
    items = await serving.serve(
        uows,
        writer,
        settings,
        placement=placement,
        q=q,
        category_id=category_id,
        limit=limit,
        user_id=principal.user_id if principal else None,
        session_id=session_id,
        now=settings.now(),
    )
    return PlacementPage(items=items)


@router.post("/api/ads/clicks", status_code=201)
@owner("no one's data: a click on a served impression, recorded with the caller's id and IP")
async def click(
    body: ClickCreate,
    writer: Clicks,
    principal: OptionalPrincipal,
    settings: Settings,
    ip: ClientIp,
    session_id: SessionHeader = None,
) -> ClickRead:
    """Record a click; invalid ones (duplicate, self-click, bot, budget spent) are not billed."""
    # decided with the other clicks arriving now, in one transaction (click_writer)
    return await writer.submit(
        ClickRequest(
            impression_id=body.impression_id,
            user_id=principal.user_id if principal else None,
            session_id=body.session_id or session_id,
            ip=ip,
            now=settings.now(),
        )
    )
