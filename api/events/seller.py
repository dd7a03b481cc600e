"""``seller.*`` events, produced by the seller service onto ``seller.events``."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime

from api.events.base import EventPayload
from api.events.values import Count, Currency, Rupiah

BusinessType = Literal["individual", "company"]


class SellerRegistered(EventPayload, event_type="seller.registered", aggregate_type="seller"):
    """A user applied to sell on LAKOO (pending verification)."""

    seller_id: UUID
    seller_number: str
    user_id: UUID
    shop_name: str
    shop_slug: str
    business_type: BusinessType
    registered_at: AwareDatetime


class SellerVerified(EventPayload, event_type="seller.verified", aggregate_type="seller"):
    """An admin verified a seller's documents and the shop became active."""

    seller_id: UUID
    seller_number: str
    user_id: UUID
    shop_name: str
    commission_rate_bps: Count
    verified_by: UUID
    verified_at: AwareDatetime


class SellerProductListed(
    EventPayload, event_type="seller.product_listed", aggregate_type="seller"
):
    """A seller listed a product for sale."""

    seller_id: UUID
    product_id: UUID
    variant_ids: list[UUID]
    name: str
    listed_at: AwareDatetime


class SellerPayoutScheduled(
    EventPayload, event_type="seller.payout_scheduled", aggregate_type="seller"
):
    """A seller's weekly payout was scheduled from a completed settlement."""

    payout_id: UUID
    seller_id: UUID
    settlement_id: UUID
    settlement_number: str
    period_start: date
    period_end: date
    amount: Rupiah
    currency: Currency
    bank_code: str
    account_number_last4: str
    scheduled_for: date
    scheduled_at: AwareDatetime
