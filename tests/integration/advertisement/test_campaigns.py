"""Campaigns: active sellers on their own products, the rules of their terms (422 naming the
field, nothing written), admin review and the status machine with its events."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest

from api.kit.auth import Role
from tests.integration.advertisement.conftest import ADMIN, Ads, campaign_body
from tests.support.services import as_user


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"bid": 499}, "bid"),
        ({"bid": 5001}, "bid"),
        ({"daily_budget": 300_000, "total_budget": 200_000}, "daily_budget"),
        ({"ends_at": "2020-01-01T00:00:00+07:00"}, "ends_at"),
        ({"keywords": []}, "keywords"),
        ({"type": "category_featured"}, "category_id"),
        ({"bid": -1}, "bid"),
        ({"pricing_model": "cpa"}, "pricing_model"),
    ],
)
async def test_bad_terms_are_refused_naming_the_field_and_nothing_is_written(
    ads: Ads, terms: dict[str, Any], field: str
) -> None:
    seller = await ads.seller()
    product = await ads.product(seller)
    before = await ads.counts()
    answer = await ads.client.post(
        "/api/ads/campaigns",
        json=campaign_body(product, **terms),
        headers=as_user(Role.seller, seller),
    )
    assert answer.status_code == 422, answer.text
    assert field in {e["field"].split(".")[-1] for e in answer.json()["errors"]} | {
        e["field"] for e in answer.json()["errors"]
    }
    assert await ads.counts() == before


async def test_another_sellers_product_is_refused_naming_the_product(ads: Ads) -> None:
    seller, other = await ads.seller(), await ads.seller()
    mine, theirs = await ads.product(seller), await ads.product(other)
    before = await ads.counts()
    answer = await ads.client.post(
        "/api/ads/campaigns",
        json=campaign_body(mine, product_ids=[str(mine), str(theirs)]),
        headers=as_user(Role.seller, seller),
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "product_ids.1"
    assert await ads.counts() == before


async def test_a_suspended_seller_cannot_advertise_and_nothing_is_written(ads: Ads) -> None:
    seller = await ads.seller()
    product = await ads.product(seller)
    await ads.suspend(seller)
    before = await ads.counts()
    answer = await ads.client.post(
        "/api/ads/campaigns", json=campaign_body(product), headers=as_user(Role.seller, seller)
    )
    assert answer.status_code == 403
    assert answer.json()["errors"][0]["field"] == "seller"
    assert await ads.counts() == before


async def test_a_seller_never_verified_cannot_advertise(ads: Ads) -> None:
    seller = uuid4()
    product = await ads.product(seller)
    answer = await ads.client.post(
        "/api/ads/campaigns", json=campaign_body(product), headers=as_user(Role.seller, seller)
    )
    assert answer.status_code == 403


@pytest.mark.parametrize(
    ("kind", "pricing", "bid", "extra"),
    [
        ("sponsored_search", "cpc", 500, {}),
        ("product_boost", "cpc", 5000, {}),
        ("category_featured", "cpm", 20_000, {"category_id": str(uuid4())}),
        ("homepage_banner", "cpm", 50_000, {"keywords": []}),
    ],
)
async def test_every_type_is_created_for_review_and_announced(
    ads: Ads, kind: str, pricing: str, bid: int, extra: dict[str, Any]
) -> None:
    seller = await ads.seller()
    product = await ads.product(seller)
    campaign = await ads.campaign(
        seller, product, approve=False, type=kind, pricing_model=pricing, bid=bid, **extra
    )
    assert campaign["status"] == "pending_review"
    (created,) = await ads.events("campaign.created", campaign["id"])
    assert created["type"] == kind and created["bid"] == bid
    assert created["product_ids"] == [str(product)]


async def test_review_and_status_machine_with_events(ads: Ads) -> None:
    seller = await ads.seller()
    product = await ads.product(seller)
    campaign = await ads.campaign(seller, product, approve=False)
    cid = campaign["id"]
    owner = as_user(Role.seller, seller)
    # the seller cannot approve its own campaign; pausing one under review is a conflict
    assert (
        await ads.client.post(f"/api/ads/campaigns/{cid}/approve", headers=owner)
    ).status_code == 403
    assert (
        await ads.client.post(f"/api/ads/campaigns/{cid}/pause", headers=owner)
    ).status_code == 409
    approved = await ads.client.post(f"/api/ads/campaigns/{cid}/approve", headers=ADMIN)
    assert approved.json()["status"] == "active"
    paused = await ads.client.post(f"/api/ads/campaigns/{cid}/pause", headers=owner)
    assert paused.json()["status"] == "paused"
    resumed = await ads.client.post(f"/api/ads/campaigns/{cid}/resume", headers=owner)
    assert resumed.json()["status"] == "active"
    again = await ads.client.post(f"/api/ads/campaigns/{cid}/approve", headers=ADMIN)
    assert again.status_code == 409
    assert [e["reason"] for e in await ads.events("campaign.paused", cid)] == ["seller"]
    assert len(await ads.events("campaign.activated", cid)) == 2
    # another seller does not see it
    stranger = as_user(Role.seller, uuid4())
    assert (await ads.client.get(f"/api/ads/campaigns/{cid}", headers=stranger)).status_code == 404
    mine = await ads.client.get("/api/ads/campaigns", headers=owner)
    assert [c["id"] for c in mine.json()["items"]] == [cid]


async def test_an_admin_rejects_with_a_reason(ads: Ads) -> None:
    seller = await ads.seller()
    product = await ads.product(seller)
    campaign = await ads.campaign(seller, product, approve=False)
    rejected = await ads.client.post(
        f"/api/ads/campaigns/{campaign['id']}/reject",
        json={"reason": "misleading keywords"},
        headers=ADMIN,
    )
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["status_reason"] == "misleading keywords"
