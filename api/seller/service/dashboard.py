"""``GET /api/sellers/me/dashboard``: local read models plus the wallet's figures.

This week's sales are the totals of the seller's orders paid since the WIB Monday and not
cancelled or expired since; the rating is the mean of approved reviews of the seller's products;
ad spend is what ad charges took from the seller's wallet in the last 7 days. Return on ad spend
is the advertisement service's: the attributed revenue ÷ spend of the seller's campaigns over the
7 WIB days ending today, from the campaign performance the data platform pushed there (the same
rows as ``GET /api/ads/campaigns/{id}/performance``); ``null`` without spend in those days, or
when the ad service does not answer (the rest of the dashboard does not depend on it).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import func, select

from api.kit.numbering import WIB
from api.kit.uow import UnitOfWork
from api.seller.models import Payout, SellerAdSpend, SellerOrder, SellerRating
from api.seller.schemas import AdsFigures, DashboardRead, PayoutRead
from api.seller.service.moderation import week_start
from api.seller.service.shops import get
from api.seller.upstream import Upstreams

LAST_SETTLEMENTS = 4


async def dashboard(
    uow: UnitOfWork, upstreams: Upstreams, *, seller_id: UUID, now: datetime
) -> DashboardRead:
    """The seller's figures at ``now``."""
    await get(uow, seller_id)
    monday = datetime.combine(week_start(now), datetime.min.time(), tzinfo=WIB)
    session = uow.session
    awaiting = await session.scalar(
        select(func.count()).where(SellerOrder.seller_id == seller_id, SellerOrder.status == "paid")
    )
    sales = await session.scalar(
        select(func.coalesce(func.sum(SellerOrder.total), 0)).where(
            SellerOrder.seller_id == seller_id,
            SellerOrder.paid_at >= monday,
            SellerOrder.status.not_in(("cancelled", "expired")),
        )
    )
    rating = (
        await session.execute(
            select(func.avg(SellerRating.rating), func.count()).where(
                SellerRating.seller_id == seller_id
            )
        )
    ).one()
    spend = await session.scalar(
        select(func.coalesce(func.sum(SellerAdSpend.amount), 0)).where(
            SellerAdSpend.seller_id == seller_id,
            SellerAdSpend.occurred_at >= now - timedelta(days=7),
        )
    )
    payouts = await session.scalars(
        select(Payout)
        .where(Payout.seller_id == seller_id)
        .order_by(Payout.period_start.desc())
        .limit(LAST_SETTLEMENTS)
    )
    last = [PayoutRead.model_validate(p) for p in payouts]
    wallet = await upstreams.wallet_figures(seller_id)
    ads = await upstreams.ads_figures(seller_id)
    roas = ads.get("roas") if ads else None
    return DashboardRead(
        orders_awaiting_acceptance=int(awaiting or 0),
        sales_this_week=int(sales or 0),
        wallet_available=int(wallet["available"]),
        wallet_balance=int(wallet["balance"]),
        rating=round(float(rating[0]), 2) if rating[0] is not None else None,
        rating_count=int(rating[1]),
        last_settlements=last,
        ads=AdsFigures(spend_7d=int(spend or 0), roas_7d=float(roas) if roas is not None else None),
    )
