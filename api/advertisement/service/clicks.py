"""``POST /api/ads/clicks``: every click is recorded as ``ad.clicked``; invalid ones are flagged
and never billed (DOMAIN.md), checked in this order:

    duplicate         the same user or session on the same campaign within 30 s
    self_click        the campaign's seller clicking its own ad
    bot_suspected     the IP already clicked 10 times this minute or 100 times today
    budget_exhausted  the click's price no longer fits today's or the total budget left

The click's transaction locks the campaign row first, so clicks on one campaign are decided one
at a time: the duplicate rule and the budget check see every earlier click, and the spend
counters move in the same transaction (no overspend, whatever the concurrency). The per-IP
counts span campaigns and are not locked: two simultaneous clicks from one IP on two campaigns
may both pass the tenth-click limit by one.

A CPC click costs its impression's second price; a CPM campaign pays per impression, so a valid
click on it is billable (it counts for attribution) and moves no spend.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy import func, or_, select

from api.advertisement.errors import ImpressionNotFound
from api.advertisement.models import Campaign, Click, Impression
from api.advertisement.schemas import ClickRead, ClickTarget
from api.advertisement.service import lifecycle
from api.advertisement.service.campaigns import get
from api.advertisement.settings import AdvertisementSettings
from api.events.advertisement import AdClicked
from api.kit.numbering import WIB
from api.kit.uow import UnitOfWork


async def _duplicate(
    uow: UnitOfWork,
    campaign_id: UUID,
    user_id: UUID | None,
    session_id: str | None,
    since: datetime,
) -> bool:
    who = []
    if user_id is not None:
        who.append(Click.user_id == user_id)
    if session_id is not None:
        who.append(Click.session_id == session_id)
    if not who:
        return False
    found = await uow.session.scalar(
        select(Click.id)
        .where(Click.campaign_id == campaign_id, Click.clicked_at > since, or_(*who))
        .limit(1)
    )
    return found is not None


async def _bot(uow: UnitOfWork, ip: str | None, now: datetime, s: AdvertisementSettings) -> bool:
    if ip is None:
        return False
    minute, day = (
        await uow.session.execute(
            select(
                func.count().filter(Click.clicked_at > now - timedelta(minutes=1)),
                func.count(),
            ).where(Click.ip == ip, Click.clicked_at > now - timedelta(days=1))
        )
    ).one()
    return bool(minute >= s.ip_clicks_per_minute or day >= s.ip_clicks_per_day)


def _spend(campaign: Campaign, price: int, *, now: datetime) -> bool:
    """Move the spend counters by ``price`` if both budgets still fit it."""
    today = now.astimezone(WIB).date()
    spent_today = campaign.spent_today if campaign.spend_date == today else 0
    if campaign.status in lifecycle.ENDED:
        return False
    if campaign.spent_total + price > campaign.total_budget:
        return False
    if spent_today + price > campaign.daily_budget:
        return False
    campaign.spent_total += price
    campaign.spent_today = spent_today + price
    campaign.spend_date = today
    return True


def _billed(campaign: Campaign, impression: Impression, *, now: datetime) -> bool:
    """Whether the budgets take the click (a CPC click moves the counters by its price)."""
    if impression.pricing_model == "cpm":
        return campaign.status not in lifecycle.ENDED
    return _spend(campaign, impression.price, now=now)


async def click(
    uow: UnitOfWork,
    *,
    impression_id: UUID,
    user_id: UUID | None,
    session_id: str | None,
    ip: str | None,
    settings: AdvertisementSettings,
    now: datetime,
) -> ClickRead:
    """Record one click and decide whether it is billed."""
    impression = await uow.session.get(Impression, impression_id)
    if impression is None:
        raise ImpressionNotFound(impression_id)
    campaign = await get(uow, impression.campaign_id, lock=True)
    session_id = session_id or impression.session_id
    user_id = user_id or impression.user_id
    since = now - timedelta(seconds=settings.duplicate_window_seconds)
    flag: str | None = None
    if await _duplicate(uow, campaign.id, user_id, session_id, since):
        flag = "duplicate"
    elif user_id is not None and user_id == campaign.seller_id:
        flag = "self_click"
    elif await _bot(uow, ip, now, settings):
        flag = "bot_suspected"
    elif not _billed(campaign, impression, now=now):
        flag = "budget_exhausted"
    billable = flag is None
    if billable:
        campaign.clicks += 1
    row = Click(
        id=uuid4(),
        impression_id=impression.id,
        campaign_id=campaign.id,
        user_id=user_id,
        session_id=session_id,
        ip=ip,
        billable=billable,
        flag_reason=flag,
        price=impression.price if billable else 0,
        clicked_at=now,
    )
    uow.session.add(row)
    await uow.outbox.add(
        AdClicked(
            click_id=row.id,
            impression_id=impression.id,
            campaign_id=campaign.id,
            seller_id=campaign.seller_id,
            product_id=impression.product_id,
            placement=impression.placement,
            position=impression.position,
            pricing_model=impression.pricing_model,
            bid=impression.bid,
            price=impression.price,
            user_id=user_id,
            session_id=session_id,
            query=impression.query,
            occurred_at=now,
            billable=billable,
            flag_reason=flag,
        ),
        aggregate_id=campaign.id,
    )
    if campaign.pricing_model == "cpc" and campaign.spent_total + settings.min_cpc_bid > (
        campaign.total_budget
    ):
        await lifecycle.exhaust(uow, campaign, now=now)
    return ClickRead(
        click_id=row.id,
        billable=billable,
        flag_reason=flag,
        target=ClickTarget(product_id=impression.product_id),
    )
