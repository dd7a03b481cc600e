"""``payment.*``, ``refund.*`` and ``settlement.*`` events, produced onto ``payment.events``.

One payment covers a whole checkout (several orders); ``orders`` lists each order's share so the
settlement mart can split the gateway fee pro rata by total without any other source.
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime

from api.events.base import EventPayload
from api.events.values import (
    Count,
    Currency,
    OrderShare,
    PaymentMethod,
    RefundMethod,
    Rupiah,
    SignedRupiah,
)


class _PaymentEvent(EventPayload):
    """Fields every payment event shares."""

    payment_id: UUID
    payment_number: str
    checkout_id: UUID
    user_id: UUID
    amount: Rupiah
    currency: Currency
    invoice_id: str
    orders: list[OrderShare]


class PaymentCreated(_PaymentEvent, event_type="payment.created", aggregate_type="payment"):
    """A gateway invoice was created for a checkout."""

    invoice_url: str
    expires_at: AwareDatetime
    created_at: AwareDatetime


class PaymentPaid(_PaymentEvent, event_type="payment.paid", aggregate_type="payment"):
    """The gateway confirmed a payment; its fee and net amount are now known."""

    gateway_fee: Rupiah
    net_amount: Rupiah
    method: PaymentMethod
    channel: str | None
    paid_at: AwareDatetime


class PaymentExpired(_PaymentEvent, event_type="payment.expired", aggregate_type="payment"):
    """A payment window passed unpaid (by webhook or by the expiry job)."""

    source: Literal["webhook", "job"]
    expired_at: AwareDatetime


class PaymentFailed(_PaymentEvent, event_type="payment.failed", aggregate_type="payment"):
    """The gateway reported a payment as failed."""

    failure_code: str | None
    failure_reason: str | None
    failed_at: AwareDatetime


class _RefundEvent(EventPayload):
    """Fields every refund event shares."""

    refund_id: UUID
    refund_number: str
    payment_id: UUID
    order_id: UUID
    user_id: UUID
    seller_id: UUID | None
    amount: Rupiah
    method: RefundMethod


class RefundRequested(_RefundEvent, event_type="refund.requested", aggregate_type="refund"):
    """A refund of (part of) a paid payment was opened."""

    reason: str
    requested_by: UUID | None
    requested_at: AwareDatetime


class RefundCompleted(_RefundEvent, event_type="refund.completed", aggregate_type="refund"):
    """A refund was paid out (to the original payment method or the buyer's wallet)."""

    gateway_refund_id: str | None
    completed_at: AwareDatetime


class RefundFailed(_RefundEvent, event_type="refund.failed", aggregate_type="refund"):
    """A refund could not be paid out."""

    failure_reason: str
    failed_at: AwareDatetime


class SettlementCompleted(
    EventPayload, event_type="settlement.completed", aggregate_type="settlement"
):
    """A seller's weekly settlement was recorded and its payout scheduled.

    ``net = gross - refunds - gateway_fees - commission + carried_over_in``; a net below
    Rp 50,000 is not paid (``payout = 0``) but carried to next week as ``carried_over_out``.
    """

    settlement_id: UUID
    settlement_number: str
    seller_id: UUID
    period_start: date
    period_end: date
    gross: Rupiah
    refunds: Rupiah
    gateway_fees: Rupiah
    commission: Rupiah
    carried_over_in: SignedRupiah
    net: SignedRupiah
    payout: Rupiah
    carried_over_out: SignedRupiah
    currency: Currency
    line_count: Count
    completed_at: AwareDatetime
