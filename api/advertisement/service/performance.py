"""Campaign performance, pushed back by the data platform (``marketing.campaign_performance``).

Pushed rather than read from the analytics database: a service reads only its own database
(the same way supplier scores and settlements come back), the seller's page must not depend on
the analytics database being up, and the push is idempotent (a day's row is replaced by the
latest computation).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from api.advertisement.models import Campaign, CampaignDay
from api.advertisement.schemas import PerformanceDay, PerformanceDayRead, SellerAdsRead
from api.kit.numbering import WIB
from api.kit.uow import UnitOfWork


async def record(
    uow: UnitOfWork, campaign_id: UUID, days: list[PerformanceDay], *, now: datetime
) -> None:
    """Replace the pushed days of a campaign."""
    if not days:
        return
    statement = insert(CampaignDay).values(
        [
            {
                "campaign_id": campaign_id,
                "day": d.date,
                "impressions": d.impressions,
                "clicks": d.clicks,
                "billable_clicks": d.billable_clicks,
                "spend": d.spend,
                "attributed_orders": d.attributed_orders,
                "attributed_revenue": d.attributed_revenue,
                "updated_at": now,
            }
            for d in {d.date: d for d in days}.values()
        ]
    )
    changed = {
        c: statement.excluded[c]
        for c in (
            "impressions",
            "clicks",
            "billable_clicks",
            "spend",
            "attributed_orders",
            "attributed_revenue",
            "updated_at",
        )
    }
    await uow.session.execute(
        statement.on_conflict_do_update(index_elements=["campaign_id", "day"], set_=changed)
    )


async def days(uow: UnitOfWork, campaign_id: UUID) -> list[PerformanceDayRead]:
    """The campaign's days, oldest first, with ROAS (revenue ÷ spend; null without spend)."""
    rows = await uow.session.scalars(
        select(CampaignDay).where(CampaignDay.campaign_id == campaign_id).order_by(CampaignDay.day)
    )
    return [
        PerformanceDayRead(
            date=r.day,
            impressions=r.impressions,
            clicks=r.clicks,
            billable_clicks=r.billable_clicks,
            spend=r.spend,
            attributed_orders=r.attributed_orders,
            attributed_revenue=r.attributed_revenue,
            roas=roas(r.attributed_revenue, r.spend),
        )
        for r in rows
    ]


def roas(revenue: int, spend: int) -> float | None:
    """Return on ad spend: attributed revenue ÷ spend (``None`` without spend)."""
    return round(revenue / spend, 4) if spend else None


async def seller_window(
    uow: UnitOfWork, seller_id: UUID, *, now: datetime, days: int = 7
) -> SellerAdsRead:
    """The seller's campaigns summed over the ``days`` WIB days ending today (the same pushed
    rows as each campaign's performance): the seller dashboard's ``roas_7d``."""
    until = now.astimezone(WIB).date()
    since = until - timedelta(days=days - 1)
    row = (
        await uow.session.execute(
            select(
                func.count(func.distinct(CampaignDay.campaign_id)),
                func.coalesce(func.sum(CampaignDay.spend), 0),
                func.coalesce(func.sum(CampaignDay.attributed_orders), 0),
                func.coalesce(func.sum(CampaignDay.attributed_revenue), 0),
            )
            .join(Campaign, Campaign.id == CampaignDay.campaign_id)
            .where(
                Campaign.seller_id == seller_id,
                CampaignDay.day >= since,
                CampaignDay.day <= until,
            )
        )
    ).one()
    campaigns, spend, orders, revenue = (int(v) for v in row)
    return SellerAdsRead(
        seller_id=seller_id,
        since=since,
        until=until,
        campaigns=campaigns,
        spend=spend,
        attributed_orders=orders,
        attributed_revenue=revenue,
        roas=roas(revenue, spend),
    )
