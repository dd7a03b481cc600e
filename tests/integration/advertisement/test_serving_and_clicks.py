"""Serving and clicks against the real database: full-text matching, the auction's price in the
events, budgets counted as clicks happen (a real race), and each invalid-click rule flagged and
not billed."""

from __future__ import annotations

import asyncio
from uuid import uuid4

from api.kit.auth import Role
from tests.integration.advertisement.conftest import Ads
from tests.support.services import as_user


async def _click(ads: Ads, impression_id: str, **headers: str) -> dict[str, object]:
    answer = await ads.client.post(
        "/api/ads/clicks", json={"impression_id": impression_id}, headers=headers
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def _shopper(ip: str | None = None) -> dict[str, str]:
    headers = as_user(Role.customer, uuid4())
    headers["x-forwarded-for"] = (
        ip or f"10.{uuid4().int % 250}.{uuid4().int % 250}.{uuid4().int % 250}"
    )
    return headers


async def test_search_matches_keywords_and_product_names_in_indonesian_and_english(
    ads: Ads,
) -> None:
    seller = await ads.seller()
    word = f"zq{uuid4().hex[:8]}"
    product = await ads.product(seller, name=f"Kemeja {word} Pria")
    campaign = await ads.campaign(seller, product, keywords=["shirts"])
    # the product's name, the keyword stemmed ("shirt" ~ "shirts")
    for q in (word, f"shirt {word}"):
        items = await ads.serve(q)
        assert [i["campaign_id"] for i in items] == [campaign["id"]]
        assert items[0]["product_id"] == str(product)
    assert await ads.serve(f"nothing{uuid4().hex[:8]}") == []


async def test_impressions_carry_the_second_price_and_are_recorded(ads: Ads) -> None:
    word = f"zq{uuid4().hex[:8]}"
    s1, s2 = await ads.seller(), await ads.seller()
    high = await ads.campaign(s1, await ads.product(s1), keywords=[word], bid=3000)
    low = await ads.campaign(s2, await ads.product(s2), keywords=[word], bid=1200)
    items = await ads.serve(word, limit=2)
    assert [i["campaign_id"] for i in items] == [high["id"], low["id"]]
    (first,) = await ads.events("ad.impression", high["id"])
    (second,) = await ads.events("ad.impression", low["id"])
    # equal quality (no history): the winner pays the runner-up's bid, the last the floor
    assert (first["bid"], first["price"], first["position"]) == (3000, 1200, 1)
    assert (second["price"], second["position"]) == (500, 2)
    rows = await ads.scalar(
        "SELECT count(*) FROM impressions WHERE campaign_id IN (:a, :b)", a=high["id"], b=low["id"]
    )
    assert rows == 2
    assert await ads.scalar("SELECT impressions FROM campaigns WHERE id = :id", id=high["id"]) == 1


async def test_suspended_sellers_and_paused_campaigns_stop_serving(ads: Ads) -> None:
    word = f"zq{uuid4().hex[:8]}"
    seller = await ads.seller()
    campaign = await ads.campaign(seller, await ads.product(seller), keywords=[word])
    assert len(await ads.serve(word)) == 1
    await ads.client.post(
        f"/api/ads/campaigns/{campaign['id']}/pause", headers=as_user(Role.seller, seller)
    )
    assert await ads.serve(word) == []
    await ads.client.post(
        f"/api/ads/campaigns/{campaign['id']}/resume", headers=as_user(Role.seller, seller)
    )
    assert len(await ads.serve(word)) == 1
    await ads.suspend(seller)
    assert await ads.serve(word) == []


async def test_a_valid_click_is_billed_at_the_impression_price(ads: Ads) -> None:
    word = f"zq{uuid4().hex[:8]}"
    seller = await ads.seller()
    product = await ads.product(seller)
    campaign = await ads.campaign(seller, product, keywords=[word], bid=2000)
    (item,) = await ads.serve(word)
    answer = await _click(ads, item["impression_id"], **_shopper())
    assert answer == {
        "click_id": answer["click_id"],
        "billable": True,
        "flag_reason": None,
        "target": {"product_id": str(product)},
    }
    (event,) = await ads.events("ad.clicked", campaign["id"])
    assert (event["billable"], event["price"], event["bid"]) == (True, 500, 2000)
    assert (
        await ads.scalar("SELECT spent_total FROM campaigns WHERE id = :id", id=campaign["id"])
        == 500
    )


async def test_each_invalid_click_rule_is_flagged_and_not_billed(ads: Ads) -> None:
    word = f"zq{uuid4().hex[:8]}"
    seller = await ads.seller()
    campaign = await ads.campaign(seller, await ads.product(seller), keywords=[word])
    cid = campaign["id"]

    shopper = _shopper()
    (item,) = await ads.serve(word)
    assert (await _click(ads, item["impression_id"], **shopper))["billable"] is True
    (again,) = await ads.serve(word)
    duplicate = await _click(ads, again["impression_id"], **shopper)
    assert (duplicate["billable"], duplicate["flag_reason"]) == (False, "duplicate")
    # the same session, signed out, is a duplicate too
    session = {"x-session-id": f"s-{uuid4().hex}"}
    (s1,) = await ads.serve(word, **session)
    (s2,) = await ads.serve(word, **session)
    assert (await _click(ads, s1["impression_id"]))["billable"] is True
    assert (await _click(ads, s2["impression_id"]))["flag_reason"] == "duplicate"

    (own,) = await ads.serve(word)
    self_click = await _click(ads, own["impression_id"], **as_user(Role.seller, seller))
    assert (self_click["billable"], self_click["flag_reason"]) == (False, "self_click")

    ip = f"192.0.2.{uuid4().int % 250}"
    other_seller = await ads.seller()
    other = await ads.campaign(other_seller, await ads.product(other_seller), keywords=[word])
    flags = []
    for _ in range(11):  # ten a minute pass (across campaigns), the eleventh is a bot
        items = await ads.serve(word, limit=2)
        flags.append((await _click(ads, items[0]["impression_id"], **_shopper(ip)))["flag_reason"])
    assert flags == [None] * 10 + ["bot_suspected"]

    billed = await ads.scalar(
        "SELECT sum(price) FROM clicks WHERE campaign_id IN (:a, :b) AND billable",
        a=cid,
        b=other["id"],
    )
    spent = await ads.scalar(
        "SELECT sum(spent_total) FROM campaigns WHERE id IN (:a, :b)", a=cid, b=other["id"]
    )
    assert billed == spent
    reasons = [e["flag_reason"] for e in await ads.events("ad.clicked", cid)] + [
        e["flag_reason"] for e in await ads.events("ad.clicked", other["id"])
    ]
    assert {"duplicate", "self_click", "bot_suspected"} <= set(reasons)
    unbilled = await ads.scalar(
        "SELECT count(*) FROM clicks WHERE campaign_id IN (:a, :b) AND NOT billable AND price > 0",
        a=cid,
        b=other["id"],
    )
    assert unbilled == 0


async def test_200_concurrent_clicks_with_10000_left_at_1000_bill_at_most_10(ads: Ads) -> None:
    word = f"zq{uuid4().hex[:8]}"
    seller = await ads.seller()
    # a floor of Rp 1,000 (this test's settings): the lone bidder pays Rp 1,000 a click
    ads.settings.min_cpc_bid = 1000
    hot = await ads.campaign(
        seller,
        await ads.product(seller),
        keywords=[word],
        bid=1000,
        daily_budget=10_000,
        total_budget=10_000,
    )
    impressions = [(await ads.serve(word, limit=1))[0] for _ in range(200)]
    assert {i["campaign_id"] for i in impressions} == {hot["id"]}

    answers = await asyncio.gather(
        *(_click(ads, i["impression_id"], **_shopper()) for i in impressions)
    )
    billable = [a for a in answers if a["billable"]]
    assert len(billable) == 10
    assert {a["flag_reason"] for a in answers if not a["billable"]} == {"budget_exhausted"}
    row = (await ads.sql("SELECT spent_total, status FROM campaigns WHERE id = :id", id=hot["id"]))[
        0
    ]
    assert tuple(row) == (10_000, "exhausted")
    events = await ads.events("ad.clicked", hot["id"])
    assert sum(e["price"] for e in events if e["billable"]) == 10_000
    assert len(await ads.events("campaign.exhausted", hot["id"])) == 1
    # an exhausted campaign is served no more
    assert {i["campaign_id"] for i in await ads.serve(word, limit=1)} != {hot["id"]}


async def test_a_click_on_an_unknown_impression_is_a_404_naming_it(ads: Ads) -> None:
    before = await ads.counts()
    answer = await ads.client.post("/api/ads/clicks", json={"impression_id": str(uuid4())})
    assert answer.status_code == 404
    assert answer.json()["errors"][0]["field"] == "impression_id"
    assert await ads.counts() == before


async def test_a_placement_without_what_it_matches_on_is_empty(ads: Ads) -> None:
    for params in ({"placement": "search"}, {"placement": "category"}):
        answer = await ads.client.get("/api/ads/placements", params=params)
        assert answer.status_code == 200 and answer.json() == {"items": []}
    bad = await ads.client.get("/api/ads/placements", params={"placement": "sidebar"})
    assert bad.status_code == 422
