"""``POST /api/ads/clicks``: every click is recorded as ``ad.clicked``; invalid ones are flagged
and never billed (DOMAIN.md), checked in this order:

    duplicate         the same user or session on the same campaign within 30 s
    self_click        the campaign's seller clicking its own ad
    bot_suspected     the IP already clicked 10 times this minute or 100 times today
    budget_exhausted  the click's price no longer fits today's or the total budget left

Clicks are decided in batches (:mod:`api.advertisement.service.click_writer` gathers the
concurrent ones), each batch in ONE transaction: its campaign rows are locked first, once each,
in id order, so clicks on one campaign are decided one at a time across batches and processes.
Within the batch the clicks are decided in order, each one seeing every earlier click — the
committed ones the batch's queries read (after the locks: what an earlier batch committed is
visible) and the batch's own earlier ones — so each click gets exactly the answer it would have
got alone, and the spend counters move in the same transaction (no overspend, whatever the
concurrency). The per-IP counts span campaigns and are not locked: two batches (two processes)
clicking from one IP on two campaigns at once may both pass the tenth-click limit by one.

A CPC click costs its impression's second price; a CPM campaign pays per impression, so a valid
click on it is billable (it counts for attribution) and moves no spend.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast
from uuid import UUID, uuid4

from sqlalchemy import Table, insert, or_, select, text

from api.advertisement.errors import CampaignNotFound, ImpressionNotFound
from api.advertisement.models import Campaign, Click, Impression
from api.advertisement.schemas import ClickRead, ClickTarget
from api.advertisement.service import lifecycle
from api.advertisement.settings import AdvertisementSettings
from api.events.advertisement import AdClicked
from api.kit.bulk import insert_rows
from api.kit.logging import correlation_id_var
from api.kit.numbering import WIB
from api.kit.tables import outbox
from api.kit.uow import UnitOfWork

CLICKS = cast(Table, Click.__table__)
MINUTE, DAY = timedelta(minutes=1), timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ClickRequest:
    """One click as the route received it (``now``: when it arrived)."""

    impression_id: UUID
    user_id: UUID | None
    session_id: str | None
    ip: str | None
    now: datetime
    correlation_id: str | None = None  # the request's, for its events (the writer is a task)


Outcome = ClickRead | Exception

# Per IP: the committed clicks of the last minute and day as of the batch's latest ``now``, and
# the times of those in the bands a click of an earlier ``now`` still counts (the batch's
# spread: milliseconds), so every click's own windows are counted exactly.
_IP_COUNTS = text(
    """
    SELECT ip,
        count(*) FILTER (WHERE clicked_at > :minute_hi) AS minute,
        count(*) FILTER (WHERE clicked_at > :day_hi) AS day,
        coalesce(array_agg(clicked_at) FILTER (
            WHERE clicked_at > :minute_lo AND clicked_at <= :minute_hi), '{}') AS minute_band,
        coalesce(array_agg(clicked_at) FILTER (
            WHERE clicked_at > :day_lo AND clicked_at <= :day_hi), '{}') AS day_band
    FROM clicks WHERE ip = ANY(:ips) AND clicked_at > :day_lo GROUP BY ip
    """
)


class _IpCounts:
    """The bot rule's counts of one batch: committed clicks plus the batch's own, in order."""

    def __init__(self, rows: Sequence[Any], times: Sequence[datetime]) -> None:
        self._committed = {row.ip: row for row in rows}
        self._batch: dict[str, list[datetime]] = defaultdict(list)
        self._hi = max(times)

    def clicks(self, ip: str, now: datetime) -> tuple[int, int]:
        """The IP's clicks in the minute and the day before ``now`` (as a lone click saw)."""
        row = self._committed.get(ip)
        minute = day = 0
        if row is not None:
            minute = row.minute + sum(1 for t in row.minute_band if t > now - MINUTE)
            day = row.day + sum(1 for t in row.day_band if t > now - DAY)
        for t in self._batch[ip]:
            minute += t > now - MINUTE
            day += t > now - DAY
        return minute, day

    def add(self, ip: str, at: datetime) -> None:
        self._batch[ip].append(at)


async def _ip_counts(uow: UnitOfWork, found: Sequence[ClickRequest]) -> _IpCounts:
    times = [r.now for r in found]
    ips = sorted({r.ip for r in found if r.ip is not None})
    rows: Sequence[Any] = []
    if ips:
        lo, hi = min(times), max(times)
        rows = (
            await uow.session.execute(
                _IP_COUNTS,
                {
                    "ips": ips,
                    "minute_lo": lo - MINUTE,
                    "minute_hi": hi - MINUTE,
                    "day_lo": lo - DAY,
                    "day_hi": hi - DAY,
                },
            )
        ).all()
    return _IpCounts(rows, times)


_Who = tuple[UUID | None, str | None, datetime]


async def _recent(
    uow: UnitOfWork, who: Sequence[tuple[UUID, UUID | None, str | None]], since: datetime
) -> dict[UUID, list[_Who]]:
    """The committed clicks since ``since`` of these users or sessions on these campaigns."""
    users = {u for _, u, _ in who if u is not None}
    sessions = {s for _, _, s in who if s is not None}
    matches = []
    if users:
        matches.append(Click.user_id.in_(users))
    if sessions:
        matches.append(Click.session_id.in_(sessions))
    found: dict[UUID, list[_Who]] = defaultdict(list)
    if not matches:
        return found
    rows = await uow.session.execute(
        select(Click.campaign_id, Click.user_id, Click.session_id, Click.clicked_at).where(
            Click.campaign_id.in_({c for c, _, _ in who}), Click.clicked_at > since, or_(*matches)
        )
    )
    for campaign_id, user_id, session_id, clicked_at in rows:
        found[campaign_id].append((user_id, session_id, clicked_at))
    return found


def _duplicate(
    earlier: list[_Who], user_id: UUID | None, session_id: str | None, since: datetime
) -> bool:
    return any(
        at > since
        and ((user_id is not None and u == user_id) or (session_id is not None and s == session_id))
        for u, s, at in earlier
    )


def _who(r: ClickRequest, impressions: dict[UUID, Impression]) -> tuple[UUID | None, str | None]:
    """Who clicks: the caller, else whom the impression was served to."""
    impression = impressions[r.impression_id]
    return r.user_id or impression.user_id, r.session_id or impression.session_id


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


async def click_batch(
    uow: UnitOfWork, requests: Sequence[ClickRequest], *, settings: AdvertisementSettings
) -> list[Outcome]:
    """Record ``requests`` in order in the unit of work (the caller commits); per request its
    answer, or the error refusing it alone (an unknown impression)."""
    if not requests:
        return []
    ids = {r.impression_id for r in requests}
    impressions = {
        i.id: i for i in await uow.session.scalars(select(Impression).where(Impression.id.in_(ids)))
    }
    locked = await uow.session.scalars(
        select(Campaign)
        .where(Campaign.id.in_({i.campaign_id for i in impressions.values()}))
        .order_by(Campaign.id)
        .with_for_update()
    )
    campaigns = {c.id: c for c in locked}
    found = [
        r
        for r in requests
        if r.impression_id in impressions and impressions[r.impression_id].campaign_id in campaigns
    ]
    window = timedelta(seconds=settings.duplicate_window_seconds)
    recent: dict[UUID, list[_Who]] = defaultdict(list)
    ip_counts = _IpCounts([], [requests[0].now])
    if found:
        who = [(impressions[r.impression_id].campaign_id, *_who(r, impressions)) for r in found]
        recent = await _recent(uow, who, min(r.now for r in found) - window)
        ip_counts = await _ip_counts(uow, found)
    outcomes: list[Outcome] = []
    rows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []  # outbox rows, each with its own request's correlation
    for r in requests:
        impression = impressions.get(r.impression_id)
        if impression is None:
            outcomes.append(ImpressionNotFound(r.impression_id))
            continue
        campaign = campaigns.get(impression.campaign_id)
        if campaign is None:
            outcomes.append(CampaignNotFound(impression.campaign_id))
            continue
        user_id, session_id = _who(r, impressions)
        flag: str | None = None
        if _duplicate(recent[campaign.id], user_id, session_id, r.now - window):
            flag = "duplicate"
        elif user_id is not None and user_id == campaign.seller_id:
            flag = "self_click"
        elif r.ip is not None and _bot(ip_counts.clicks(r.ip, r.now), settings):
            flag = "bot_suspected"
        elif not _billed(campaign, impression, now=r.now):
            flag = "budget_exhausted"
        billable = flag is None
        if billable:
            campaign.clicks += 1
        click_id = uuid4()
        recent[campaign.id].append((user_id, session_id, r.now))
        if r.ip is not None:
            ip_counts.add(r.ip, r.now)
        rows.append(
            {
                "id": click_id,
                "impression_id": impression.id,
                "campaign_id": campaign.id,
                "user_id": user_id,
                "session_id": session_id,
                "ip": r.ip,
                "billable": billable,
                "flag_reason": flag,
                "price": impression.price if billable else 0,
                "clicked_at": r.now,
            }
        )
        events += uow.outbox.rows(
            [(_event(click_id, impression, campaign, user_id, session_id, r, flag), campaign.id)],
            correlation_id=r.correlation_id,
        )
        if (
            campaign.pricing_model == "cpc"
            and campaign.spent_total + settings.min_cpc_bid > (campaign.total_budget)
            and campaign.status in ("active", "paused")
        ):
            # the click's event goes out before the campaign's end, as when decided alone
            await _write_events(uow, events)
            events = []
            token = correlation_id_var.set(r.correlation_id or correlation_id_var.get())
            try:
                await lifecycle.exhaust(uow, campaign, now=r.now)
            finally:
                correlation_id_var.reset(token)
        outcomes.append(
            ClickRead(
                click_id=click_id,
                billable=billable,
                flag_reason=flag,
                target=ClickTarget(product_id=impression.product_id),
            )
        )
    if rows:
        await insert_rows(uow.session, CLICKS, rows)
    await _write_events(uow, events)
    return outcomes


async def _write_events(uow: UnitOfWork, rows: list[dict[str, Any]]) -> None:
    if rows:
        await uow.session.execute(insert(outbox), rows)
        uow.outbox.written(rows)


def _bot(counts: tuple[int, int], s: AdvertisementSettings) -> bool:
    minute, day = counts
    return minute >= s.ip_clicks_per_minute or day >= s.ip_clicks_per_day


def _event(
    click_id: UUID,
    impression: Impression,
    campaign: Campaign,
    user_id: UUID | None,
    session_id: str | None,
    r: ClickRequest,
    flag: str | None,
) -> AdClicked:
    return AdClicked(
        click_id=click_id,
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
        occurred_at=r.now,
        billable=flag is None,
        flag_reason=flag,
    )


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
    """Record one click and decide whether it is billed (a batch of one)."""
    (outcome,) = await click_batch(
        uow, [ClickRequest(impression_id, user_id, session_id, ip, now)], settings=settings
    )
    if isinstance(outcome, Exception):
        raise outcome
    return outcome
