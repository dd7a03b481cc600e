"""Campaign performance, pushed back by the data platform and read by the campaign's seller."""

from __future__ import annotations

from uuid import uuid4

from api.kit.auth import Role
from tests.integration.advertisement.conftest import ADMIN, INTERNAL, Ads
from tests.support.services import as_user


def _day(date: str, spend: int, revenue: int) -> dict[str, object]:
    return {
        "date": date,
        "impressions": 1000,
        "clicks": 30,
        "billable_clicks": 25,
        "spend": spend,
        "attributed_orders": 2,
        "attributed_revenue": revenue,
    }


async def test_pushed_days_are_read_back_with_roas_and_a_repush_replaces_them(ads: Ads) -> None:
    seller = await ads.seller()
    campaign = await ads.campaign(seller, await ads.product(seller))
    url = f"/internal/campaigns/{campaign['id']}/performance"
    body = {"days": [_day("2026-03-01", 12_500, 250_000), _day("2026-03-02", 0, 0)]}
    assert (await ads.client.put(url, json=body, headers=INTERNAL)).status_code == 204
    body["days"][0] = _day("2026-03-01", 12_500, 300_000)
    assert (await ads.client.put(url, json=body, headers=INTERNAL)).status_code == 204
    read = await ads.client.get(
        f"/api/ads/campaigns/{campaign['id']}/performance", headers=as_user(Role.seller, seller)
    )
    assert read.status_code == 200
    days = read.json()["days"]
    assert [(d["date"], d["spend"], d["attributed_revenue"], d["roas"]) for d in days] == [
        ("2026-03-01", 12_500, 300_000, 24.0),
        ("2026-03-02", 0, 0, None),
    ]
    other = as_user(Role.seller, uuid4())
    perf = f"/api/ads/campaigns/{campaign['id']}/performance"
    assert (await ads.client.get(perf, headers=other)).status_code == 404
    assert (await ads.client.get(perf, headers=ADMIN)).status_code == 200


async def test_a_push_for_an_unknown_campaign_is_a_404(ads: Ads) -> None:
    answer = await ads.client.put(
        f"/internal/campaigns/{uuid4()}/performance",
        json={"days": [_day("2026-03-01", 1, 1)]},
        headers=INTERNAL,
    )
    assert answer.status_code == 404
