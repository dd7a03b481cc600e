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


async def test_a_sellers_seven_days_sum_its_campaigns_pushed_days(ads: Ads) -> None:
    from datetime import datetime, timedelta

    from api.kit.numbering import WIB

    seller, other = await ads.seller(), await ads.seller()
    today = datetime.now(WIB).date()

    async def push(owner: object, days: list[tuple[int, int, int]]) -> None:
        campaign = await ads.campaign(owner, await ads.product(owner))  # type: ignore[arg-type]
        body = {
            "days": [
                _day((today - timedelta(days=back)).isoformat(), spend, revenue)
                for back, spend, revenue in days
            ]
        }
        url = f"/internal/campaigns/{campaign['id']}/performance"
        assert (await ads.client.put(url, json=body, headers=INTERNAL)).status_code == 204

    await push(seller, [(0, 2_000, 10_000), (6, 8_000, 30_000), (7, 50_000, 0)])
    await push(seller, [(3, 10_000, 0)])
    await push(other, [(1, 1_000, 5_000)])
    answer = await ads.client.get(f"/internal/sellers/{seller}/performance", headers=INTERNAL)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "seller_id": str(seller),
        "since": (today - timedelta(days=6)).isoformat(),
        "until": today.isoformat(),
        "campaigns": 2,
        "spend": 20_000,
        "attributed_orders": 6,
        "attributed_revenue": 40_000,
        "roas": 2.0,
    }
    one_day = await ads.client.get(
        f"/internal/sellers/{seller}/performance", params={"days": 1}, headers=INTERNAL
    )
    assert (one_day.json()["spend"], one_day.json()["roas"]) == (2_000, 5.0)
    nobody = await ads.client.get(f"/internal/sellers/{uuid4()}/performance", headers=INTERNAL)
    assert (nobody.json()["spend"], nobody.json()["roas"]) == (0, None)
    # internal only
    public = await ads.client.get(
        f"/internal/sellers/{seller}/performance", headers=as_user(Role.seller, seller)
    )
    assert public.status_code in (401, 403)
