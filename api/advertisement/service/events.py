"""Building ``campaign.*`` payloads from a campaign and adding them to the outbox."""

from __future__ import annotations

from typing import Any

from api.advertisement.models import Campaign
from api.events.base import EventPayload
from api.kit.uow import UnitOfWork


def terms(campaign: Campaign) -> dict[str, Any]:
    """The commercial terms every campaign event carries."""
    return {
        "campaign_id": campaign.id,
        "seller_id": campaign.seller_id,
        "name": campaign.name,
        "type": campaign.type,
        "pricing_model": campaign.pricing_model,
        "bid": campaign.bid,
        "daily_budget": campaign.daily_budget,
        "total_budget": campaign.total_budget,
        "currency": "IDR",
        "starts_at": campaign.starts_at,
        "ends_at": campaign.ends_at,
    }


async def publish(
    uow: UnitOfWork, campaign: Campaign, event: type[EventPayload], **fields: Any
) -> None:
    """Announce ``event`` about ``campaign`` in the same transaction as the change."""
    await uow.outbox.add(event(**terms(campaign), **fields), aggregate_id=campaign.id)
