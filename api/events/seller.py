"""``seller.*`` events, produced by the seller service onto ``seller.events``.

A seller is a business run by one user: ``seller_id`` is that user's id (one shop per account),
so every ``seller_id`` elsewhere (products, orders, settlements, campaigns) names the same party
and the seller's wallet is the user's ``seller`` wallet.
"""

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
    # where couriers collect the seller's parcels: the order service quotes shipping from it
    pickup_postal_code: str | None = None


class SellerRejected(EventPayload, event_type="seller.rejected", aggregate_type="seller"):
    """An admin rejected a seller's application (the user may apply again)."""

    seller_id: UUID
    user_id: UUID
    reason: str
    rejected_by: UUID
    rejected_at: AwareDatetime


class SellerSuspended(EventPayload, event_type="seller.suspended", aggregate_type="seller"):
    """An admin suspended an active seller: its products leave search, its ads stop."""

    seller_id: UUID
    user_id: UUID
    reason: str
    suspended_by: UUID
    suspended_at: AwareDatetime


class SellerReinstated(EventPayload, event_type="seller.reinstated", aggregate_type="seller"):
    """An admin lifted a seller's suspension; the shop is active again."""

    seller_id: UUID
    user_id: UUID
    reinstated_by: UUID
    reinstated_at: AwareDatetime


class SellerCommissionChanged(
    EventPayload, event_type="seller.commission_changed", aggregate_type="seller"
):
    """An admin changed a seller's commission rate; settlements use it from ``effective_from``
    (the Monday, WIB, of the week after the change)."""

    seller_id: UUID
    user_id: UUID
    commission_rate_bps: Count
    previous_rate_bps: Count
    effective_from: date
    changed_by: UUID
    changed_at: AwareDatetime


class SellerBankAccountChanged(
    EventPayload, event_type="seller.bank_account_changed", aggregate_type="seller"
):
    """A seller registered or replaced its payout bank account (validated by name through the
    payment provider); withdrawals wait until ``withdrawals_blocked_until`` after a replacement.
    The full account number stays in the wallet's payout-account record, never in an event."""

    seller_id: UUID
    user_id: UUID
    bank_code: str
    account_number_last4: str
    account_holder_name: str
    status: Literal["validated", "name_mismatch"]
    withdrawals_blocked_until: AwareDatetime | None
    changed_at: AwareDatetime


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
