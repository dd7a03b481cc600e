"""Request and response bodies of the payment service (money is integer rupiah)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, EmailStr, Field, Strict

from api.kit.schemas import MAX_RUPIAH, PositiveRupiah, ReadSchema, Rupiah, Schema, SignedRupiah

RefundMethod = Literal["original_payment", "wallet"]


class OrderShareIn(Schema):
    """One order covered by the payment."""

    order_id: UUID
    seller_id: UUID | None = None
    total: PositiveRupiah


class PaymentCreate(Schema):
    """``POST /internal/payments`` (from the order service, with an ``Idempotency-Key``)."""

    checkout_id: UUID
    user_id: UUID
    amount: PositiveRupiah
    # the share held in the buyer's wallet by the order service; the invoice covers the rest,
    # and a payment the wallet covers entirely is paid at once, with no invoice
    wallet_amount: Rupiah = 0
    orders: list[OrderShareIn] = Field(min_length=1)
    payer_email: EmailStr | None = None
    description: str | None = Field(None, max_length=500)


class OrderShareRead(ReadSchema):
    order_id: UUID
    seller_id: UUID | None
    total: int
    refunded_amount: int


class PaymentCreated(ReadSchema):
    """The answer to a payment creation (the same for a repeated idempotency key)."""

    id: UUID
    number: str
    invoice_id: str | None
    invoice_url: str | None
    amount: int
    wallet_amount: int
    status: str
    expires_at: datetime


class PaymentRead(ReadSchema):
    """A payment as its owner, an admin or support sees it."""

    id: UUID
    number: str
    checkout_id: UUID
    user_id: UUID
    amount: int
    currency: str
    status: str
    invoice_id: str | None
    invoice_url: str | None
    gateway_fee: int | None
    net_amount: int | None
    method: str | None
    channel: str | None
    refunded_amount: int
    wallet_amount: int
    wallet_refunded: int
    expires_at: datetime
    paid_at: datetime | None
    expired_at: datetime | None
    created_at: datetime
    orders: list[OrderShareRead] = []


class RefundCreate(Schema):
    """A refund of one order of a payment (support/admin route)."""

    order_id: UUID
    amount: PositiveRupiah
    method: RefundMethod = "original_payment"
    reason: str = Field(min_length=1, max_length=500)


class InternalRefundCreate(RefundCreate):
    """A refund the order service asks for (a cancellation, a return, a late payment).

    ``amount`` refunds exactly that; without it the refund is what remains refundable of the
    order, at most ``at_most`` when given (a return asks back its lines, never more than the
    order has left, which staff refunds may have reduced).
    """

    payment_id: UUID
    amount: PositiveRupiah | None = None  # type: ignore[assignment]
    at_most: PositiveRupiah | None = None


class RefundRead(ReadSchema):
    id: UUID
    number: str
    payment_id: UUID
    order_id: UUID
    seller_id: UUID | None
    user_id: UUID
    amount: int
    method: str
    reason: str
    status: str
    gateway_refund_id: str | None
    failure_reason: str | None
    requested_at: datetime
    completed_at: datetime | None
    failed_at: datetime | None


# a settlement week's dates: bounded so generated and mistyped dates are refused as 422
SettlementDate = Annotated[date, Field(ge=date(2020, 1, 1), le=date(2200, 12, 31))]


class SettlementCreate(Schema):
    """``POST /internal/settlements`` from the data platform (one seller, one closed week).

    ``previous_period_start`` (the week the seller's carry comes from; null for the seller's
    first week) and ``carry_since`` are the platform's view of the chain: checked against the
    recorded weeks when given."""

    seller_id: UUID
    period_start: SettlementDate
    period_end: SettlementDate
    gross: Rupiah
    refunds: Rupiah
    gateway_fees: Rupiah
    commission: Rupiah
    carried_over_in: SignedRupiah = 0
    net: SignedRupiah
    payout: Rupiah
    line_count: Annotated[int, Strict(), Field(ge=0, le=2**31 - 1)]  # an INTEGER column
    # optional echoes of the data platform's mart row, checked when given
    carried_over_out: SignedRupiah | None = None
    previous_period_start: SettlementDate | None = None
    carry_since: SettlementDate | None = None
    currency: Literal["IDR"] = "IDR"
    settlement_key: str | None = Field(None, max_length=200)


class SettlementRead(ReadSchema):
    id: UUID
    number: str
    seller_id: UUID
    period_start: date
    period_end: date
    gross: int
    refunds: int
    gateway_fees: int
    commission: int
    carried_over_in: int
    net: int
    payout: int
    carried_over_out: int
    carry_since: date | None
    previous_settlement_id: UUID | None
    line_count: int
    completed_at: datetime


# Xendit sends amounts as JSON numbers, sometimes with a fraction; never beyond the kit's bound
CallbackAmount = Annotated[int | float, Field(ge=0, le=MAX_RUPIAH, allow_inf_nan=False)]


class InvoiceCallback(BaseModel):
    """The body Xendit posts to ``/webhooks/xendit/invoice`` (unknown fields are kept)."""

    model_config = ConfigDict(extra="allow")

    id: str
    external_id: str | None = None
    status: str
    amount: CallbackAmount | None = None
    paid_amount: CallbackAmount | None = None
    fees_paid_amount: CallbackAmount | None = None
    payment_method: str | None = None
    payment_channel: str | None = None
    paid_at: datetime | None = None
    updated: datetime | None = None

    def raw(self) -> dict[str, Any]:
        """The callback as received, for the gateway log."""
        return self.model_dump(mode="json")
