"""``campaign.*`` and ``ad.*`` events, produced by advertisement onto ``ad.events``.

``bid`` is integer rupiah: per click for ``cpc``, per 1,000 impressions for ``cpm``. Impressions and
clicks carry the campaign's pricing model, bid and second price at serving time, so daily billing
is computed from these events alone.
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime

from api.events.base import EventPayload
from api.events.values import CampaignType, Count, Currency, Placement, PricingModel, Rupiah

ClickFlag = Literal["duplicate", "self_click", "bot_suspected", "budget_exhausted"]


class _CampaignEvent(EventPayload):
    """A campaign's commercial terms as they are after the change."""

    campaign_id: UUID
    seller_id: UUID
    name: str
    type: CampaignType
    pricing_model: PricingModel
    bid: Rupiah
    daily_budget: Rupiah
    total_budget: Rupiah
    currency: Currency
    starts_at: AwareDatetime
    ends_at: AwareDatetime | None


class CampaignCreated(_CampaignEvent, event_type="campaign.created", aggregate_type="campaign"):
    """A seller created a campaign (it awaits admin review)."""

    keywords: list[str]
    product_ids: list[UUID]
    category_id: UUID | None
    created_at: AwareDatetime


class CampaignActivated(_CampaignEvent, event_type="campaign.activated", aggregate_type="campaign"):
    """A campaign started serving (approved, or resumed after a pause)."""

    activated_by: UUID | None
    activated_at: AwareDatetime


class CampaignPaused(_CampaignEvent, event_type="campaign.paused", aggregate_type="campaign"):
    """A campaign stopped serving for now."""

    reason: Literal["seller", "admin", "daily_budget_reached", "insufficient_balance"]
    paused_by: UUID | None
    paused_at: AwareDatetime


class CampaignExhausted(_CampaignEvent, event_type="campaign.exhausted", aggregate_type="campaign"):
    """A campaign spent its total budget and stopped for good."""

    total_spent: Rupiah
    exhausted_at: AwareDatetime


class CampaignCompleted(_CampaignEvent, event_type="campaign.completed", aggregate_type="campaign"):
    """A campaign's schedule ended (``ends_at`` passed): it stopped serving for good."""

    total_spent: Rupiah
    completed_at: AwareDatetime


class _AdServingEvent(EventPayload):
    """Which ad was shown where, under which price terms."""

    campaign_id: UUID
    seller_id: UUID
    product_id: UUID | None
    placement: Placement
    position: Count
    pricing_model: PricingModel
    bid: Rupiah
    # the generalized second price the ad was sold at (per click for cpc, per 1,000 impressions
    # for cpm): what billing charges, never above ``bid``
    price: Rupiah
    user_id: UUID | None
    session_id: str | None
    query: str | None
    occurred_at: AwareDatetime


class AdImpression(_AdServingEvent, event_type="ad.impression", aggregate_type="campaign"):
    """An ad was shown to someone."""

    impression_id: UUID


class AdClicked(_AdServingEvent, event_type="ad.clicked", aggregate_type="campaign"):
    """Someone clicked an ad; only ``billable`` clicks are charged."""

    click_id: UUID
    impression_id: UUID | None
    billable: bool
    flag_reason: ClickFlag | None


class AdCharged(EventPayload, event_type="ad.charged", aggregate_type="campaign"):
    """A campaign's spend for one WIB day was billed (capped by its budgets)."""

    charge_id: UUID
    campaign_id: UUID
    seller_id: UUID
    charge_date: date
    pricing_model: PricingModel
    bid: Rupiah
    billable_clicks: Count
    impressions: Count
    computed_amount: Rupiah
    amount: Rupiah
    capped_by: Literal["none", "daily_budget", "total_budget"]
    currency: Currency
    wallet_transaction_id: UUID | None
    charged_at: AwareDatetime
