"""The demo's ads step: the ended week's ad revenue beside its settlements, and a seller's ROAS.

Runs after the data platform: ``lakoo pipelines materialize`` computed ``marketing.ad_billing``
(each campaign's charge per finished WIB day, from the real ``ad.impression`` / ``ad.clicked``
events at their second price, capped by the budgets) and pushed it to the advertisement service
(``POST /internal/charges`` → a debit of the seller's wallet → ``ad.charged``), and pushed
``marketing.campaign_performance`` (with the order items attributed to billable clicks) back to
it. This step reads what was billed from the mart, what was charged from the ad service through
the gateway (each campaign's ``charged_total``, as the admin sees it), and one seller's return on
ad spend from ``GET /api/ads/campaigns/{id}/performance`` and the seller dashboard.
LAKOO takes no commission: the ads are its revenue.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import psycopg
from rich.table import Table

from lakoo.demo.context import Demo
from lakoo.demo.data import Headline, _analytics_url
from lakoo.simulate.ads import AdTotals, Advertised
from lakoo.simulate.client import Platform, User

_BILLED = """
select campaign_id::text, coalesce(sum(amount), 0), coalesce(sum(billable_clicks), 0),
       coalesce(sum(impressions), 0)
from marketing.ad_billing
where billing_date between %s and %s and campaign_id::text = any(%s)
group by 1
"""
_WEEK = """
select count(distinct campaign_id), coalesce(sum(amount), 0)
from marketing.ad_billing where billing_date between %s and %s
"""


@dataclass(frozen=True)
class AdRevenue:
    """The week's ad revenue, and the ROAS shown."""

    campaigns: int
    billed: int  # marketing.ad_billing, the whole week
    charged: int  # this run's campaigns' charged_total (ad.charged)
    shop: str
    spend: int
    attributed_revenue: int
    roas: float | None
    dashboard_roas: float | None

    def lines(self, settlement: Headline | None) -> list[str]:
        paid_out = f" beside Rp {settlement.payouts:,} paid out" if settlement else ""
        return [
            f"ad revenue: Rp {self.billed:,} billed to {self.campaigns} campaigns"
            f"{paid_out} (0 % commission: ads are LAKOO's revenue)",
            f"{self.shop}: Rp {self.spend:,} ad spend → Rp {self.attributed_revenue:,} attributed "
            f"sales, ROAS {_roas(self.roas)} (dashboard roas_7d {_roas(self.dashboard_roas)})",
        ]


def rupiah(amount: int) -> str:
    return f"Rp {amount:,}"


def _roas(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def run(demo: Demo) -> None:
    """The week's ad billing, the charges that reached wallets, one seller's ROAS."""
    simulation = demo.results.get("simulation")
    adverts: AdTotals | None = getattr(simulation, "ads", None)
    cast = getattr(simulation, "cast", None)
    if adverts is None or not adverts.campaigns or cast is None:
        raise RuntimeError("no campaign ran in the trading period")
    week = (demo.week.monday, demo.week.sunday)
    ids = [c.campaign_id for c in adverts.campaigns]
    with psycopg.connect(_analytics_url()) as conn:
        billed = {
            str(r[0]): (int(r[1]), int(r[2]), int(r[3]))
            for r in conn.execute(_BILLED, (*week, ids)).fetchall()
        }
        total = conn.execute(_WEEK, week).fetchone()
    assert total is not None
    revenue = asyncio.run(_show(demo, adverts, cast.admin, billed, (int(total[0]), int(total[1]))))
    if revenue.billed <= 0:
        raise RuntimeError(f"the week of {demo.week.label} billed no ad")
    for line in revenue.lines(demo.results.get("settlement")):
        demo.console.print(line)
    demo.results["ads"] = revenue


async def _show(
    demo: Demo,
    adverts: AdTotals,
    admin: User,
    billed: dict[str, tuple[int, int, int]],
    week_total: tuple[int, int],
) -> AdRevenue:
    async with Platform(demo.endpoints) as platform:
        admin = await platform.login(admin.email)  # the trading period's token may be old
        table = Table(title=f"ads, week of {demo.week.monday:%d %b %Y}: billed and charged")
        for column in ("shop", "bid", "impressions", "billable clicks", "billed", "charged"):
            table.add_column(column, justify="left" if column == "shop" else "right")
        table.add_column("status")
        charged = 0
        for campaign in adverts.campaigns:
            read = await platform.call(
                "GET", f"/api/ads/campaigns/{campaign.campaign_id}", admin, 200
            )
            amount, clicks, impressions = billed.get(campaign.campaign_id, (0, 0, 0))
            charged += int(read["charged_total"])
            table.add_row(
                _shop(adverts, campaign),
                rupiah(campaign.bid),
                str(impressions),
                str(clicks),
                rupiah(amount),
                rupiah(int(read["charged_total"])),
                str(read["status"]),
            )
        demo.console.print(table)
        mine = sum(amount for amount, _, _ in billed.values())
        if charged != mine:
            raise RuntimeError(
                f"the ad service charged Rp {charged:,}, the mart billed Rp {mine:,}"
            )
        best, days = await _best(platform, adverts)
        seller = await platform.login(best.seller.email)
        dashboard = await _dashboard(platform, seller)
        spend = sum(int(d["spend"]) for d in days)
        attributed = sum(int(d["attributed_revenue"]) for d in days)
        return AdRevenue(
            campaigns=week_total[0],
            billed=week_total[1],
            charged=charged,
            shop=_shop(adverts, best),
            spend=spend,
            attributed_revenue=attributed,
            roas=round(attributed / spend, 4) if spend else None,
            dashboard_roas=dashboard["ads"]["roas_7d"],
        )


def _shop(adverts: AdTotals, campaign: Advertised) -> str:
    return campaign.shop or campaign.seller.email


async def _best(platform: Platform, adverts: AdTotals) -> tuple[Advertised, list[dict[str, Any]]]:
    """The campaign with the most attributed revenue (then spend), and its pushed days."""
    ranked = []
    for campaign in adverts.campaigns:
        seller = await platform.login(campaign.seller.email)
        days = (await platform.campaign_performance(seller, campaign.campaign_id))["days"]
        revenue = sum(int(d["attributed_revenue"]) for d in days)
        spend = sum(int(d["spend"]) for d in days)
        ranked.append(((revenue, spend), campaign, days))
    ranked.sort(key=lambda r: r[0], reverse=True)
    return ranked[0][1], ranked[0][2]


async def _dashboard(platform: Platform, seller: User, wait: float = 20.0) -> dict[str, Any]:
    """The seller's dashboard once its ad spend has arrived (``wallet.debited`` is an event)."""
    deadline = time.monotonic() + wait
    while True:
        board = await platform.dashboard(seller)
        if board["ads"]["spend_7d"] > 0 or time.monotonic() > deadline:
            return board
        await asyncio.sleep(0.5)
