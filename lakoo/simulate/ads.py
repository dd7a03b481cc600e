"""Ads in a simulated trading period: sellers advertise, shoppers see and click sponsored results.

- **Sellers** each run a CPC sponsored-search campaign on their first product, through the
  gateway: keywords from the product's name plus ``kerajinan`` (handicraft — so a shopper who
  searches for it sees several bidders ranked and priced by second price), a bid of Rp 800–2,000,
  a daily and a total budget. LAKOO grants each one Rp 100,000 of ad credit (a wallet promotion:
  spendable, never withdrawable) so the day's charges have something to debit.
- **The admin** reviews them by the simulation's review rule: a campaign is approved when each of
  its keywords describes the advertised product (a word of its name, or ``kerajinan``), rejected
  otherwise; the last seller first submits one with an unrelated keyword, is rejected, and submits
  it again corrected.
- **Shoppers** (signed in, each from an address of its own) search a handicraft word and see the
  sponsored results (``GET /api/ads/placements``); some click one, some of those buy the product
  (the data platform then has an order to attribute to the click); a few double-click (the same
  ad twice within seconds: the second is ``duplicate``).
- **Bots**: a few anonymous clients, each from one IP, fetch results and click everything fast;
  after 10 clicks in a minute their clicks are ``bot_suspected``.

The addresses travel in ``X-Forwarded-For``, which the gateway believes only from the proxies it
trusts (``GATEWAY_TRUSTED_PROXIES``: ``lakoo demo`` trusts the local hop, the simulator standing in
for the load balancer). A gateway that trusts no proxy sees every simulated client as 127.0.0.1,
so beyond 10 clicks a minute all of them look like one bot.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from rich.console import Console
from rich.table import Table

from lakoo.simulate.cast import Cast, Good
from lakoo.simulate.client import ApiError, Platform, User

SHARED_KEYWORD = "kerajinan"
UNRELATED_KEYWORD = "iphone"  # the rejected campaign's: not what the product is
AD_CREDIT = 100_000
BIDS = (800, 1000, 1200, 1500, 2000)
DAILY_BUDGET = 60_000
TOTAL_BUDGET = 300_000
SEEING_RATE = 0.6  # shoppers who also look for handicrafts and see sponsored results
CLICK_RATE = 0.6  # shoppers who click a sponsored result they see
BUY_RATE = 0.6  # of those who clicked, the share who buy the advertised product
DOUBLE_CLICK_RATE = 0.35
BOTS = 2
BOT_CLICKS = 14
CAMPAIGN_LOOKBACK_DAYS = 14
CAMPAIGN_DAYS = 42


@dataclass
class Advertised:
    """An approved campaign, its seller and the product it advertises."""

    campaign_id: str
    seller: User
    good: Good
    keywords: list[str]
    bid: int
    shop: str = ""


@dataclass
class AdTotals:
    """What the ads part of the period did, as the platform answered it."""

    campaigns_submitted: int = 0
    approved: int = 0
    rejected: int = 0
    credit_granted: int = 0
    shoppers_shown: int = 0
    impressions: int = 0
    clicks: int = 0
    billable: int = 0
    invalid: Counter[str] = field(default_factory=Counter)
    bought_after_click: int = 0
    double_clickers: int = 0
    bots: int = 0
    campaigns: list[Advertised] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def searches(self) -> list[str]:
        """What shoppers type when they look for handicrafts: the shared word, and each
        advertised product's two first words."""
        own = [" ".join(c.keywords[:2]) for c in self.campaigns]
        return [SHARED_KEYWORD, *own]

    def good(self, product_id: str | None) -> Good | None:
        return next((c.good for c in self.campaigns if c.good.product_id == product_id), None)

    def record(self, answer: dict[str, Any]) -> bool:
        self.clicks += 1
        if answer["billable"]:
            self.billable += 1
            return True
        self.invalid[str(answer["flag_reason"])] += 1
        return False


def _words(name: str) -> list[str]:
    """The product's own words (its name without the seller's suffix), lower case."""
    words = [w.lower() for w in name.split()[:-1] if len(w) >= 3]
    return words or [name.split()[0].lower()]


def reviewed(keywords: list[str], product_name: str) -> tuple[bool, str]:
    """The simulation's review rule: every keyword must describe the product."""
    allowed = {*(w.lower() for w in product_name.split()), SHARED_KEYWORD}
    foreign = [k for k in keywords if k not in allowed]
    if foreign:
        return False, f"keywords not about the product: {', '.join(foreign)}"
    return True, ""


async def _submit(
    platform: Platform,
    seller: User,
    good: Good,
    product: dict[str, Any],
    keywords: list[str],
    bid: int,
) -> dict[str, Any]:
    # the ad service's clock may be moved back into an ended week (``lakoo demo``: up to 13 days)
    # and nothing here can read it: the campaign runs from two weeks ago for six weeks, so it
    # serves whatever day the ad service thinks it is
    starts = (datetime.now(UTC) - timedelta(days=CAMPAIGN_LOOKBACK_DAYS)).replace(
        minute=0, second=0, microsecond=0
    )
    body = {
        "name": f"Iklan {product['name']}",
        "type": "sponsored_search",
        "pricing_model": "cpc",
        "bid": bid,
        "daily_budget": DAILY_BUDGET,
        "total_budget": TOTAL_BUDGET,
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(days=CAMPAIGN_DAYS)).isoformat(),
        "keywords": keywords,
        "product_ids": [good.product_id],
    }
    return await platform.create_campaign(seller, body)


async def launch(platform: Platform, cast: Cast, rng: random.Random, *, tag: str) -> AdTotals:
    """Each seller's campaign, the admin's review, and the sellers' ad credit."""
    totals = AdTotals()
    for index, seller in enumerate(cast.sellers):
        good = next((g for g in cast.seller_goods if g.seller and g.seller.id == seller.id), None)
        if good is None:
            continue
        try:
            product = await platform.product(good.product_id)
            keywords = [*_words(product["name"]), SHARED_KEYWORD]
            bid = rng.choice(BIDS)
            attempts = [keywords]
            if index == len(cast.sellers) - 1:  # tries an unrelated keyword first
                attempts.insert(0, [*keywords, UNRELATED_KEYWORD])
            for attempt in attempts:
                campaign = await _submit(platform, seller, good, product, attempt, bid)
                totals.campaigns_submitted += 1
                ok, reason = reviewed(attempt, product["name"])
                await platform.review_campaign(
                    cast.admin, campaign["id"], approve=ok, reason=reason
                )
                if not ok:
                    totals.rejected += 1
                    continue
                totals.approved += 1
                shop = str(cast.shops.get(seller.id, {}).get("shop_name") or seller.email)
                totals.campaigns.append(
                    Advertised(campaign["id"], seller, good, attempt, bid, shop=shop)
                )
            wallet = await platform.wallet(seller, "seller")
            await platform.grant_promotion(
                cast.admin,
                wallet["id"],
                AD_CREDIT,
                "ad credit for new advertisers",
                key=f"sim-ad-credit-{tag}-{seller.id}",
            )
            totals.credit_granted += AD_CREDIT
        except (ApiError, TimeoutError) as exc:
            totals.failures.append(f"campaign of {seller.email}: {exc}")
    return totals


def shopper_ip(seed: int, number: int) -> str:
    """A shopper's own address (a private range: the simulation's crowd)."""
    return f"10.{seed % 250}.{number // 250}.{number % 250 + 1}"


async def see_sponsored(
    platform: Platform, buyer: User, rng: random.Random, ip: str, totals: AdTotals
) -> list[Good]:
    """A shopper searches a handicraft word, sees the sponsored results, clicks some (maybe
    twice); returns the advertised goods it will buy after a billable click."""
    if not totals.campaigns:
        return []
    items = await platform.placements(rng.choice(totals.searches()), user=buyer, ip=ip)
    totals.shoppers_shown += 1 if items else 0
    totals.impressions += len(items)
    buying: list[Good] = []
    for item in items:
        if rng.random() >= CLICK_RATE:
            continue
        billable = totals.record(await platform.click_ad(item["impression_id"], user=buyer, ip=ip))
        if rng.random() < DOUBLE_CLICK_RATE:  # the same ad again at once: a duplicate
            totals.double_clickers += 1
            totals.record(await platform.click_ad(item["impression_id"], user=buyer, ip=ip))
        good = totals.good(item["product_id"])
        if billable and good is not None and rng.random() < BUY_RATE:
            buying.append(good)
        break  # one result is enough for most people
    return buying


async def run_bots(platform: Platform, totals: AdTotals, *, seed: int) -> None:
    """A few anonymous clients, each from one IP, clicking every sponsored result fast."""
    if not totals.campaigns:
        return
    for bot in range(BOTS):
        ip = f"203.0.113.{(seed + bot) % 200 + 10}"
        totals.bots += 1
        clicked = 0
        while clicked < BOT_CLICKS:
            items = await platform.placements(SHARED_KEYWORD, ip=ip)
            totals.impressions += len(items)
            if not items:
                break
            for item in items[: BOT_CLICKS - clicked]:
                totals.record(await platform.click_ad(item["impression_id"], ip=ip))
                clicked += 1


def render(totals: AdTotals, console: Console) -> None:
    """The ads section of the summary: campaigns, impressions, clicks billable and invalid."""
    table = Table(title="ads: sponsored search", show_header=False)
    table.add_row(
        "campaigns (submitted / approved / rejected)",
        f"{totals.campaigns_submitted} / {totals.approved} / {totals.rejected}",
    )
    table.add_row("ad credit granted", f"Rp {totals.credit_granted:,}".replace(",", "."))
    table.add_row("impressions (sponsored results served)", f"{totals.impressions:,}")
    table.add_row("clicks", f"{totals.clicks:,}")
    table.add_row("  billable", f"{totals.billable:,}")
    for reason in ("duplicate", "self_click", "bot_suspected", "budget_exhausted"):
        table.add_row(f"  invalid: {reason}", f"{totals.invalid.get(reason, 0):,}")
    table.add_row(
        "shoppers shown ads / double-clickers / bots",
        f"{totals.shoppers_shown} / {totals.double_clickers} / {totals.bots}",
    )
    table.add_row("advertised products bought after a click", str(totals.bought_after_click))
    console.print(table)
    for failure in totals.failures[:3]:
        console.print(f"[yellow]an ads step failed:[/] {failure}")
