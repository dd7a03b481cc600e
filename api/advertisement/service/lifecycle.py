"""The campaign status machine of DOMAIN.md, each move with its event:

draft → pending_review → active ↔ paused → completed | exhausted | rejected

approve   pending_review → active        (admin; the seller still active)  campaign.activated
reject    pending_review → rejected      (admin, with a reason)
pause     active → paused                (owner or admin; or billing: insufficient_balance)
                                                                           campaign.paused
resume    paused → active                (owner; not while a charge is outstanding)
                                                                           campaign.activated
exhaust   active | paused → exhausted    (the total budget is spent)      campaign.exhausted
complete  active | paused → completed    (the schedule ended: ``ends_at`` passed; the worker's
                                          ``campaign-schedule`` job)          campaign.completed

A completed campaign's last days are still charged (the data platform pushes a day once it is
over, which is after the end) and an outstanding charge is still collected; it never resumes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from sqlalchemy import func, select

from api.advertisement.errors import CampaignStateConflict, ChargeOutstanding
from api.advertisement.models import Campaign, Charge
from api.advertisement.service.campaigns import active_seller
from api.advertisement.service.events import publish
from api.events.advertisement import (
    CampaignActivated,
    CampaignCompleted,
    CampaignExhausted,
    CampaignPaused,
)
from api.kit.uow import UnitOfWork

PauseReason = Literal["seller", "admin", "daily_budget_reached", "insufficient_balance"]
ENDED = ("completed", "exhausted", "rejected")


def _move(campaign: Campaign, to: str, *, reason: str | None, now: datetime) -> None:
    campaign.status = to
    campaign.status_reason = reason
    campaign.updated_at = now


async def approve(uow: UnitOfWork, campaign: Campaign, *, admin_id: UUID, now: datetime) -> None:
    """An admin approves a campaign under review: it serves from its start."""
    if campaign.status != "pending_review":
        raise CampaignStateConflict("approved", campaign.status)
    await active_seller(uow, campaign.seller_id)
    _move(campaign, "active", reason=None, now=now)
    await publish(uow, campaign, CampaignActivated, activated_by=admin_id, activated_at=now)


async def reject(uow: UnitOfWork, campaign: Campaign, *, reason: str, now: datetime) -> None:
    """An admin rejects a campaign under review (for good)."""
    if campaign.status != "pending_review":
        raise CampaignStateConflict("rejected", campaign.status)
    _move(campaign, "rejected", reason=reason, now=now)


async def pause(
    uow: UnitOfWork,
    campaign: Campaign,
    *,
    reason: PauseReason,
    by: UUID | None,
    now: datetime,
) -> None:
    """Stop an active campaign serving for now."""
    if campaign.status != "active":
        raise CampaignStateConflict("paused", campaign.status)
    _move(campaign, "paused", reason=reason, now=now)
    await publish(uow, campaign, CampaignPaused, reason=reason, paused_by=by, paused_at=now)


async def outstanding_total(uow: UnitOfWork, campaign_id: UUID) -> int:
    """What the campaign's outstanding charges add up to."""
    total = await uow.session.scalar(
        select(func.coalesce(func.sum(Charge.amount), 0)).where(
            Charge.campaign_id == campaign_id, Charge.status == "outstanding"
        )
    )
    return int(total or 0)


async def resume(uow: UnitOfWork, campaign: Campaign, *, by: UUID | None, now: datetime) -> None:
    """A paused campaign serves again (its seller active, nothing outstanding)."""
    if campaign.status != "paused":
        raise CampaignStateConflict("resumed", campaign.status)
    if await outstanding_total(uow, campaign.id) > 0:
        raise ChargeOutstanding(await outstanding_total(uow, campaign.id))
    await active_seller(uow, campaign.seller_id)
    _move(campaign, "active", reason=None, now=now)
    await publish(uow, campaign, CampaignActivated, activated_by=by, activated_at=now)


async def exhaust(uow: UnitOfWork, campaign: Campaign, *, now: datetime) -> None:
    """The total budget is spent: the campaign ends (announced once)."""
    if campaign.status not in ("active", "paused"):
        return
    _move(campaign, "exhausted", reason="total_budget_spent", now=now)
    await publish(
        uow,
        campaign,
        CampaignExhausted,
        total_spent=max(campaign.spent_total, campaign.charged_total),
        exhausted_at=now,
    )


async def complete(uow: UnitOfWork, campaign: Campaign, *, now: datetime) -> None:
    """The schedule ended: the campaign ends (announced once)."""
    if campaign.status not in ("active", "paused"):
        return
    _move(campaign, "completed", reason="schedule_ended", now=now)
    await publish(
        uow,
        campaign,
        CampaignCompleted,
        total_spent=max(campaign.spent_total, campaign.charged_total),
        completed_at=now,
    )


async def complete_ended(uow: UnitOfWork, *, now: datetime, limit: int) -> int:
    """Complete up to ``limit`` active or paused campaigns whose ``ends_at`` has passed (rows
    another worker holds are skipped: they are being completed); how many were."""
    ended = await uow.session.scalars(
        select(Campaign)
        .where(
            Campaign.status.in_(("active", "paused")),
            Campaign.ends_at.is_not(None),
            Campaign.ends_at <= now,
        )
        .order_by(Campaign.ends_at, Campaign.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    done = 0
    for campaign in ended:
        await complete(uow, campaign, now=now)
        done += 1
    return done
