"""Request and response bodies of the seller service (DESIGN §10; money is integer rupiah)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, Strict, StringConstraints

from api.kit.schemas import ReadSchema, Schema

BusinessType = Literal["individual", "company"]
SellerStatus = Literal["pending", "active", "rejected", "suspended"]
DocumentKind = Literal["ktp", "nib", "npwp"]
ShopName = Annotated[str, StringConstraints(min_length=3, max_length=80)]
LegalName = Annotated[str, StringConstraints(min_length=2, max_length=100)]
Reason = Annotated[str, StringConstraints(min_length=3, max_length=500)]
# Basis points: 0 (DOMAIN default) to 10,000 (100%).
RateBps = Annotated[int, Strict(), Field(ge=0, le=10_000)]


class PickupAddressIn(Schema):
    """Where couriers collect the seller's parcels (checked by the address service)."""

    recipient_name: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    phone: Annotated[str, StringConstraints(min_length=6, max_length=20)]
    street: Annotated[str, StringConstraints(min_length=3, max_length=300)]
    village_code: Annotated[str, StringConstraints(pattern=r"^\d{2}\.?\d{2}\.?\d{2}\.?\d{4}$")]
    postal_code: Annotated[str, StringConstraints(pattern=r"^\d{5}$")]


class SellerCreate(Schema):
    """``POST /api/sellers``: apply to sell (or apply again after a rejection)."""

    shop_name: ShopName
    business_type: BusinessType
    legal_name: LegalName = Field(
        description="The name on the KTP (individual) or the company's registered name; the "
        "payout bank account must be held in this name"
    )
    pickup_address: PickupAddressIn


class SellerUpdate(Schema):
    """``PATCH /api/sellers/me``: the seller's own preferences."""

    auto_payout: bool


class Verify(Schema):
    """``POST /api/sellers/{id}/verify``: the commission rate the shop starts with."""

    commission_rate_bps: RateBps = 0


class StatusReason(Schema):
    """``/reject`` and ``/suspend``: why (shown to the seller)."""

    reason: Reason


class CommissionUpdate(Schema):
    """``PUT /api/sellers/{id}/commission``: a new rate, used from the next WIB week."""

    commission_rate_bps: RateBps


class BankAccountPut(Schema):
    """``PUT /api/sellers/me/bank-account`` (validated by name through the provider)."""

    bank_code: Annotated[str, StringConstraints(min_length=2, max_length=20)]
    account_number: Annotated[str, StringConstraints(min_length=1, max_length=30)]
    account_holder_name: LegalName


class PickupAddressRead(ReadSchema):
    recipient_name: str
    phone: str
    street: str
    village_code: str
    village: str
    district: str
    city: str
    province: str
    postal_code: str


class SellerRead(ReadSchema):
    """A shop as its owner and admins see it."""

    id: UUID
    number: str
    user_id: UUID
    shop_name: str
    shop_slug: str
    business_type: BusinessType
    legal_name: str
    status: SellerStatus
    status_reason: str | None
    commission_rate_bps: int
    auto_payout: bool
    pickup_address: PickupAddressRead
    documents: list[DocumentKind]
    applied_at: datetime
    verified_at: datetime | None


class ShopRead(ReadSchema):
    """A shop as anyone sees it (active shops only)."""

    id: UUID
    shop_name: str
    shop_slug: str
    city: str
    province: str


class PickupRead(ReadSchema):
    """``GET /internal/sellers/{id}``: what other services need (order: the origin postcode)."""

    id: UUID
    status: SellerStatus
    shop_name: str
    pickup_postal_code: str
    pickup_village_code: str


class DocumentRead(ReadSchema):
    id: UUID
    kind: DocumentKind
    content_type: str
    size_bytes: int
    sha256: str
    uploaded_at: datetime


class BankAccountRead(ReadSchema):
    """The validation's outcome; the number never in full, the bank's name never on a mismatch."""

    status: Literal["validated", "name_mismatch"]
    bank_code: str
    account_number_last4: str
    account_holder_name: str
    withdrawals_blocked_until: datetime | None


class CommissionRateRead(ReadSchema):
    rate_bps: int
    effective_from: date
    changed_by: UUID
    changed_at: datetime


class PayoutRead(ReadSchema):
    id: UUID
    settlement_id: UUID
    settlement_number: str
    period_start: date
    period_end: date
    gross: int
    net: int
    amount: int
    carried_over_out: int
    scheduled_for: date | None
    recorded_at: datetime


class AdsFigures(ReadSchema):
    spend_7d: int
    roas_7d: float | None


class DashboardRead(ReadSchema):
    """``GET /api/sellers/me/dashboard`` (DESIGN §10)."""

    orders_awaiting_acceptance: int
    sales_this_week: int
    wallet_available: int
    wallet_balance: int
    rating: float | None
    rating_count: int
    last_settlements: list[PayoutRead]
    ads: AdsFigures
