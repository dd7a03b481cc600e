"""``GET /api/ads/placements``: run the ranking query, the auction, and record the impressions."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from api.advertisement.schemas import PlacementItem
from api.advertisement.service import auction
from api.advertisement.service.impressions import ImpressionWriter, Served
from api.advertisement.service.ranking import build_ranking
from api.advertisement.settings import AdvertisementSettings
from api.kit.numbering import WIB
from api.kit.uow import UnitOfWorkFactory


def floors(settings: AdvertisementSettings) -> dict[str, int]:
    """The least price per pricing model (DOMAIN.md: Rp 500 per click)."""
    return {"cpc": settings.min_cpc_bid, "cpm": settings.min_cpm_bid}


async def serve(
    uows: UnitOfWorkFactory,
    writer: ImpressionWriter,
    settings: AdvertisementSettings,
    *,
    placement: str,
    q: str | None,
    category_id: UUID | None,
    limit: int,
    user_id: UUID | None,
    session_id: str | None,
    now: datetime,
) -> list[PlacementItem]:
    """The winning ads of one placement request, each recorded as an impression."""
    ranking = build_ranking(
        placement=placement,
        q=q,
        category_id=category_id,
        now=now,
        today=now.astimezone(WIB).date(),
        floor=settings.min_cpc_bid,
        limit=limit + 1,  # the ad below the last slot prices it
    )
    if ranking is None:
        return []
    statement, params = ranking
    # one read: on an autocommit connection it is one round trip, where a unit of work's
    # transaction adds a BEGIN and a ROLLBACK around it
    async with uows.sessions.kw["bind"].connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        rows = (await connection.execute(statement, params)).all()
    bidders = [
        auction.Bidder(
            campaign_id=row.id,
            pricing_model=row.pricing_model,
            bid=row.bid,
            clicks=row.clicks,
            impressions=row.impressions,
            created_at=row.created_at,
        )
        for row in rows
    ]
    about = {row.id: row for row in rows}
    served = [
        Served(
            id=uuid4(),
            campaign_id=slot.bidder.campaign_id,
            seller_id=about[slot.bidder.campaign_id].seller_id,
            product_id=about[slot.bidder.campaign_id].product_id,
            placement=placement,
            position=slot.position,
            pricing_model=slot.bidder.pricing_model,
            bid=slot.bidder.bid,
            price=slot.price,
            user_id=user_id,
            session_id=session_id,
            query=q,
            served_at=now,
        )
        for slot in auction.run(bidders, slots=limit, floors=floors(settings))
    ]
    await writer.record(served)
    return [
        PlacementItem(
            impression_id=s.id,
            campaign_id=s.campaign_id,
            product_id=s.product_id,
            position=s.position,
            click_url=f"/api/ads/clicks?impression_id={s.id}",
        )
        for s in served
    ]
