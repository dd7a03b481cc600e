"""The simulator's ads: sellers' campaigns reviewed by the rule, shoppers' clicks (double clicks
among them), bots from one address each — against a mock of the gateway's ad routes."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from lakoo.simulate import ads
from lakoo.simulate.cast import Cast, Good
from lakoo.simulate.client import Platform, User

CREATED_AT = "2026-11-25T10:00:00+07:00"


def _platform(handler: Any) -> Platform:
    platform = Platform()
    platform.http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return platform


class Dice:
    """A ``random.Random`` stand-in whose ``random()`` answers a fixed sequence."""

    def __init__(self, *values: float) -> None:
        self.values = list(values)

    def random(self) -> float:
        return self.values.pop(0)

    def choice(self, items: Any) -> Any:
        return items[0]


def _user(n: int, role: str = "seller") -> User:
    return User(id=f"u{n}", email=f"u{n}@example.id", role=role, headers={"Authorization": "x"})


def test_the_review_rule_approves_keywords_about_the_product_only() -> None:
    assert ads.reviewed(["tas", "rotan", "kerajinan"], "Tas Anyaman Rotan ab12") == (True, "")
    ok, reason = ads.reviewed(["tas", "iphone"], "Tas Anyaman Rotan ab12")
    assert not ok and "iphone" in reason
    assert ads._words("Tas Anyaman Rotan ab12") == ["tas", "anyaman", "rotan"]


async def test_campaigns_wait_for_the_ad_service_then_are_reviewed_and_credited() -> None:
    seen: list[tuple[str, str, Any]] = []
    refusals = {"u1": 1}  # the first seller's verification has not reached the ad service yet

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        body = json.loads(request.content) if request.content else None
        seen.append((request.method, path, body))
        seller = request.headers.get("authorization", "")
        if path.startswith("/api/products/"):
            pid = path.rsplit("/", 1)[1]
            return httpx.Response(
                200, json={"id": pid, "name": f"Tas Anyaman Rotan {pid}", "created_at": CREATED_AT}
            )
        if path == "/api/ads/campaigns":
            if refusals.get(seller, 0):
                refusals[seller] -= 1
                return httpx.Response(403, json={"detail": "not an active seller"})
            return httpx.Response(201, json={"id": f"c{len(seen)}", "status": "pending_review"})
        if path.endswith(("/approve", "/reject")):
            return httpx.Response(200, json={"status": "active"})
        if path == "/api/wallets/me":
            return httpx.Response(200, json={"id": "w1"})
        if path.endswith("/promotions"):
            return httpx.Response(201, json={"id": "t1"})
        return httpx.Response(404)

    sellers = [_user(1), _user(2)]
    for seller in sellers:
        seller.headers = {"Authorization": seller.id}
    cast = Cast(
        admin=_user(0, "admin"),
        sellers=sellers,
        manager=_user(9, "brand_manager"),
        seller_goods=[Good(f"p{s.id}", f"v{s.id}", None, 100_000, s) for s in sellers],
        shops={"u1": {"shop_name": "Toko Rotan Sari"}},
    )
    async with _platform(handler) as platform:
        import random

        totals = await ads.launch(platform, cast, random.Random(1), tag="t")
    assert totals.failures == []
    assert (totals.campaigns_submitted, totals.approved, totals.rejected) == (3, 2, 1)
    assert totals.credit_granted == 2 * ads.AD_CREDIT
    creations = [b for m, p, b in seen if p == "/api/ads/campaigns"]
    assert len(creations) == 4  # one refused while the ad service learnt the seller
    # from two weeks back: it serves even when the ad service's clock is in an ended week
    starts = [datetime.fromisoformat(b["starts_at"]) for b in creations]
    assert all(timedelta(days=13) < datetime.now(UTC) - s < timedelta(days=15) for s in starts)
    assert creations[-2]["keywords"][-1] == ads.UNRELATED_KEYWORD  # the last seller's first try
    rejected = [b for m, p, b in seen if p.endswith("/reject")]
    assert rejected and "iphone" in rejected[0]["reason"]
    assert [c.shop for c in totals.campaigns] == ["Toko Rotan Sari", "u2@example.id"]


def _serving(clicks_by_ip: Counter[str], seen_ips: list[str]) -> Any:
    served = iter(range(1000))

    def handler(request: httpx.Request) -> httpx.Response:
        ip = request.headers.get("x-forwarded-for", "")
        seen_ips.append(ip)
        if request.url.path == "/api/ads/placements":
            items = [
                {"impression_id": f"i{next(served)}", "campaign_id": "c1", "product_id": "p1"}
                for _ in range(3)
            ]
            return httpx.Response(200, json={"items": items})
        body = json.loads(request.content)
        clicks_by_ip[ip] += 1
        if body["impression_id"] in clicked:
            flag: str | None = "duplicate"
        elif clicks_by_ip[ip] > 10:
            flag = "bot_suspected"
        else:
            flag = None
        clicked.add(body["impression_id"])
        return httpx.Response(
            201, json={"click_id": "k", "billable": flag is None, "flag_reason": flag}
        )

    clicked: set[str] = set()
    return handler


def _totals() -> ads.AdTotals:
    good = Good("p1", "v1", None, 145_000, _user(1))
    return ads.AdTotals(campaigns=[ads.Advertised("c1", _user(1), good, ["tas", "rotan"], 1000)])


async def test_a_double_click_is_a_duplicate_and_a_billable_click_may_buy() -> None:
    totals, by_ip, ips = _totals(), Counter[str](), []
    async with _platform(_serving(by_ip, ips)) as platform:
        # clicks the first result, double-clicks, buys
        buying = await ads.see_sponsored(
            platform, _user(5, "customer"), Dice(0.1, 0.05, 0.2), "10.7.0.6", totals
        )
    assert [g.product_id for g in buying] == ["p1"]
    assert (totals.impressions, totals.clicks, totals.billable) == (3, 2, 1)
    assert totals.invalid == Counter({"duplicate": 1}) and totals.double_clickers == 1
    assert set(ips) == {"10.7.0.6"}


async def test_bots_click_from_one_address_and_are_flagged_after_ten() -> None:
    totals, by_ip, ips = _totals(), Counter[str](), []
    async with _platform(_serving(by_ip, ips)) as platform:
        await ads.run_bots(platform, totals, seed=7)
    assert totals.bots == ads.BOTS
    assert totals.clicks == ads.BOTS * ads.BOT_CLICKS
    assert totals.invalid["bot_suspected"] == ads.BOTS * (ads.BOT_CLICKS - 10)
    assert len(by_ip) == ads.BOTS  # one address per bot


def test_every_shopper_has_an_address_of_its_own() -> None:
    assert len({ads.shopper_ip(7, n) for n in range(600)}) == 600
