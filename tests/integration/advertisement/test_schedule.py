"""Campaigns whose schedule has ended complete (``campaign.completed``), by the worker's
``campaign-schedule`` job, once each; other campaigns are left as they are."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api.advertisement import jobs
from api.kit.auth import Role
from tests.integration.advertisement.conftest import INTERNAL, Ads
from tests.support.services import as_user

HOUR = 3600


def _ends_in(hours: float) -> str:
    return (datetime.now(UTC) + timedelta(hours=hours)).isoformat()


async def test_ended_campaigns_complete_once_with_their_event(ads: Ads) -> None:
    seller = await ads.seller()
    product = await ads.product(seller)
    owner = as_user(Role.seller, seller)
    ending = await ads.campaign(seller, product, ends_at=_ends_in(1))
    paused = await ads.campaign(seller, product, ends_at=_ends_in(1))
    answer = await ads.client.post(f"/api/ads/campaigns/{paused['id']}/pause", headers=owner)
    assert answer.status_code == 200, answer.text
    open_ended = await ads.campaign(seller, product)
    later = await ads.campaign(seller, product, ends_at=_ends_in(72))
    review = await ads.campaign(seller, product, approve=False, ends_at=_ends_in(1))

    # nothing has ended yet
    assert await jobs.complete_ended(ads.uows, ads.settings) >= 0
    status = {c["id"]: c["status"] for c in (ending, open_ended, later, review)}
    status[paused["id"]] = "paused"
    for campaign_id, expected in status.items():
        assert await ads.scalar("SELECT status FROM campaigns WHERE id = :id", id=campaign_id) == (
            expected
        )

    two_hours_on = ads.settings.model_copy(update={"clock_offset_seconds": 2 * HOUR})
    assert await jobs.complete_ended(ads.uows, two_hours_on) >= 2
    assert await jobs.complete_ended(ads.uows, two_hours_on) == 0  # a rerun finds nothing
    after = {
        campaign_id: tuple(
            (
                await ads.sql(
                    "SELECT status, status_reason FROM campaigns WHERE id = :id", id=campaign_id
                )
            )[0]
        )
        for campaign_id in status
    }
    assert after == {
        ending["id"]: ("completed", "schedule_ended"),
        paused["id"]: ("completed", "schedule_ended"),
        open_ended["id"]: ("active", None),
        later["id"]: ("active", None),
        review["id"]: ("pending_review", None),
    }
    for campaign in (ending, paused):
        events = await ads.events("campaign.completed", campaign["id"])
        assert len(events) == 1
        assert events[0]["total_spent"] == 0 and events[0]["campaign_id"] == campaign["id"]
    for campaign in (open_ended, later, review):
        assert await ads.events("campaign.completed", campaign["id"]) == []

    # ended for good: neither resumed nor paused again
    resumed = await ads.client.post(f"/api/ads/campaigns/{paused['id']}/resume", headers=owner)
    assert resumed.status_code == 409
    again = await ads.client.post(f"/api/ads/campaigns/{ending['id']}/pause", headers=owner)
    assert again.status_code == 409


async def test_a_completed_campaigns_last_day_is_still_charged(ads: Ads) -> None:
    seller = await ads.seller()
    await ads.credit(seller, 100_000)
    campaign = await ads.campaign(seller, await ads.product(seller), ends_at=_ends_in(1))
    await jobs.complete_ended(
        ads.uows, ads.settings.model_copy(update={"clock_offset_seconds": 2 * HOUR})
    )
    charged = await ads.client.post(
        "/internal/charges",
        json={
            "campaign_id": campaign["id"],
            "charge_date": datetime.now(UTC).date().isoformat(),
            "amount": 3_000,
        },
        headers=INTERNAL,
    )
    assert charged.status_code == 201, charged.text
    assert charged.json()["status"] == "charged"
    assert await ads.available(seller) == 97_000
    assert (
        await ads.scalar("SELECT status FROM campaigns WHERE id = :id", id=campaign["id"])
        == "completed"
    )
