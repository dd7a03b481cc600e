"""``/api/ads/campaigns``: sellers create and steer their campaigns; admins review them."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import func, select

from api.advertisement.models import Campaign
from api.advertisement.routes.deps import Admin, OwnedCampaign, OwnerOrAdmin, Seller, Settings
from api.advertisement.schemas import (
    CampaignCreate,
    CampaignRead,
    CampaignStatus,
    DecisionReason,
    PerformanceRead,
)
from api.advertisement.service import campaigns, lifecycle, performance
from api.kit.access import owner
from api.kit.deps import Uow
from api.kit.schemas import Page, Paging

router = APIRouter(tags=["campaigns"])


@router.post("/api/ads/campaigns", status_code=201)
@owner("a campaign of the calling seller, on the caller's own products only")
async def create_campaign(
    body: CampaignCreate, uow: Uow, principal: Seller, settings: Settings
) -> CampaignRead:
    """Create a campaign (it awaits admin review); only an active seller, own products only."""
    campaign = await campaigns.create(
        uow, body, seller_id=principal.user_id, settings=settings, now=settings.now()
    )
    await uow.commit()
    return CampaignRead.model_validate(campaign)


@router.get("/api/ads/campaigns")
@owner("the calling seller's own campaigns; admin every campaign")
async def list_campaigns(
    uow: Uow, principal: OwnerOrAdmin, paging: Paging, status: CampaignStatus | None = None
) -> Page[CampaignRead]:
    """Campaigns, newest first (a seller its own; an admin all, e.g. to review)."""
    where = []
    if not principal.is_admin:
        where.append(Campaign.seller_id == principal.user_id)
    if status is not None:
        where.append(Campaign.status == status)
    total = await uow.session.scalar(select(func.count()).select_from(Campaign).where(*where))
    rows = await uow.session.scalars(
        select(Campaign)
        .where(*where)
        .order_by(Campaign.created_at.desc(), Campaign.id)
        .offset(paging.offset)
        .limit(paging.page_size)
    )
    return Page[CampaignRead](
        items=[CampaignRead.model_validate(c) for c in rows],
        total=int(total or 0),
        page=paging.page,
        page_size=paging.page_size,
    )


@router.get("/api/ads/campaigns/{campaign_id}")
@owner("the campaign's seller; admin any")
async def read_campaign(campaign: OwnedCampaign) -> CampaignRead:
    """One campaign with its counters."""
    return CampaignRead.model_validate(campaign)


@router.get("/api/ads/campaigns/{campaign_id}/performance")
@owner("the campaign's seller; admin any")
async def campaign_performance(campaign: OwnedCampaign, uow: Uow) -> PerformanceRead:
    """Per day: impressions, clicks, billable clicks, spend, attributed orders and revenue, ROAS
    (as the data platform last computed them)."""
    return PerformanceRead(campaign_id=campaign.id, days=await performance.days(uow, campaign.id))


@router.post("/api/ads/campaigns/{campaign_id}/approve")
@owner("any campaign under review (admin only)")
async def approve_campaign(
    campaign: OwnedCampaign, uow: Uow, principal: Admin, settings: Settings
) -> CampaignRead:
    """Approve a campaign under review: it serves from its start."""
    await lifecycle.approve(uow, campaign, admin_id=principal.user_id, now=settings.now())
    await uow.commit()
    return CampaignRead.model_validate(campaign)


@router.post("/api/ads/campaigns/{campaign_id}/reject")
@owner("any campaign under review (admin only)")
async def reject_campaign(
    body: DecisionReason, campaign: OwnedCampaign, uow: Uow, principal: Admin, settings: Settings
) -> CampaignRead:
    """Reject a campaign under review, with the reason the seller reads."""
    await lifecycle.reject(uow, campaign, reason=body.reason, now=settings.now())
    await uow.commit()
    return CampaignRead.model_validate(campaign)


@router.post("/api/ads/campaigns/{campaign_id}/pause")
@owner("the campaign's seller; admin any")
async def pause_campaign(
    campaign: OwnedCampaign, uow: Uow, principal: OwnerOrAdmin, settings: Settings
) -> CampaignRead:
    """Stop an active campaign serving for now."""
    await lifecycle.pause(
        uow,
        campaign,
        reason="admin" if principal.is_admin else "seller",
        by=principal.user_id,
        now=settings.now(),
    )
    await uow.commit()
    return CampaignRead.model_validate(campaign)


@router.post("/api/ads/campaigns/{campaign_id}/resume")
@owner("the campaign's seller; admin any")
async def resume_campaign(
    campaign: OwnedCampaign, uow: Uow, principal: OwnerOrAdmin, settings: Settings
) -> CampaignRead:
    """Serve a paused campaign again (not while a charge is outstanding)."""
    await lifecycle.resume(uow, campaign, by=principal.user_id, now=settings.now())
    await uow.commit()
    return CampaignRead.model_validate(campaign)
