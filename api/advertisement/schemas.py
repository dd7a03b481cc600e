"""Request and response bodies of the advertisement service (money is integer rupiah)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AwareDatetime, Field, StringConstraints

from api.events.values import CampaignType, PricingModel
from api.kit.schemas import PositiveRupiah, ReadSchema, Rupiah, Schema

Name = Annotated[str, StringConstraints(min_length=2, max_length=120)]
Keyword = Annotated[str, StringConstraints(min_length=1, max_length=60)]
Reason = Annotated[str, StringConstraints(min_length=3, max_length=500)]
CampaignStatus = Literal[
    "draft", "pending_review", "active", "paused", "completed", "exhausted", "rejected"
]
SessionId = Annotated[
    str, StringConstraints(min_length=1, max_length=120, pattern=r"^[\x21-\x7e]+$")
]


class CampaignCreate(Schema):
    """``POST /api/ads/campaigns``: bid per click (CPC) or per 1,000 impressions (CPM)."""

    name: Name
    type: CampaignType
    pricing_model: PricingModel
    bid: PositiveRupiah
    daily_budget: PositiveRupiah
    total_budget: PositiveRupiah
    starts_at: AwareDatetime
    ends_at: AwareDatetime | None = None
    keywords: list[Keyword] = Field(default_factory=list, max_length=50)
    product_ids: list[UUID] = Field(min_length=1, max_length=100)
    category_id: UUID | None = None


class DecisionReason(Schema):
    """An admin's rejection (or a pause) with its reason."""

    reason: Reason


class CampaignRead(ReadSchema):
    id: UUID
    seller_id: UUID
    name: str
    type: CampaignType
    pricing_model: PricingModel
    bid: int
    daily_budget: int
    total_budget: int
    starts_at: datetime
    ends_at: datetime | None
    keywords: list[str]
    product_ids: list[UUID]
    category_id: UUID | None
    status: CampaignStatus
    status_reason: str | None
    impressions: int
    clicks: int
    spent_total: int
    charged_total: int
    created_at: datetime


class PlacementItem(ReadSchema):
    impression_id: UUID
    campaign_id: UUID
    product_id: UUID | None
    position: int
    click_url: str


class PlacementPage(ReadSchema):
    items: list[PlacementItem]


class ClickCreate(Schema):
    """``POST /api/ads/clicks``; ``session_id`` identifies an anonymous shopper's session."""

    impression_id: UUID
    session_id: SessionId | None = None


class ClickTarget(ReadSchema):
    product_id: UUID | None


class ClickRead(ReadSchema):
    click_id: UUID
    billable: bool
    flag_reason: str | None
    target: ClickTarget


class ChargeCreate(Schema):
    """``POST /internal/charges`` from the data platform (``marketing.ad_billing``'s row)."""

    campaign_id: UUID
    charge_date: date
    amount: Rupiah
    computed_amount: Rupiah | None = None
    capped_by: Literal["none", "daily_budget", "total_budget"] = "none"
    billable_clicks: Rupiah = 0
    impressions: Rupiah = 0


class ChargeRead(ReadSchema):
    id: UUID
    campaign_id: UUID
    charge_date: date
    amount: int
    status: Literal["charged", "outstanding"]
    wallet_transaction_id: UUID | None


class PerformanceDay(Schema):
    """One day of ``marketing.campaign_performance`` (pushed by the data platform)."""

    date: date
    impressions: Rupiah
    clicks: Rupiah
    billable_clicks: Rupiah
    spend: Rupiah
    attributed_orders: Rupiah
    attributed_revenue: Rupiah


class PerformancePush(Schema):
    days: list[PerformanceDay] = Field(max_length=400)


class PerformanceDayRead(ReadSchema):
    date: date
    impressions: int
    clicks: int
    billable_clicks: int
    spend: int
    attributed_orders: int
    attributed_revenue: int
    roas: float | None


class PerformanceRead(ReadSchema):
    campaign_id: UUID
    days: list[PerformanceDayRead]


class SellerAdsRead(ReadSchema):
    """A seller's campaigns over the WIB days ``since``–``until`` as the data platform computed
    them: what the seller dashboard shows as the 7-day return on ad spend."""

    seller_id: UUID
    since: date
    until: date
    campaigns: int
    spend: int
    attributed_orders: int
    attributed_revenue: int
    roas: float | None
