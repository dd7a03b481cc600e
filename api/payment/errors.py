"""The payment service's errors (subclasses of the kit's tree, so they render as problem+json).

NotFound        PaymentNotFound, RefundNotFound
Conflict        IdempotencyKeyReused, PaymentNotRefundable, RefundAlreadyOpen,
                SettlementConflict
Forbidden       CallbackTokenRejected
"""

from __future__ import annotations

from api.kit.errors import Conflict, Forbidden, NotFound


class PaymentNotFound(NotFound):
    """No payment with that id (or invoice)."""


class RefundNotFound(NotFound):
    """No refund with that id."""


class IdempotencyKeyReused(Conflict):
    """The key was used before for a different request."""


class PaymentNotRefundable(Conflict):
    """Only paid (or partly refunded) payments can be refunded."""

    slug, title = "payment-not-refundable", "Payment not refundable"


class RefundAlreadyOpen(Conflict):
    """A payment has at most one open refund at a time (a caller may ask again later)."""

    slug, title = "refund-already-open", "A refund is already open"


class SettlementConflict(Conflict):
    """The seller's week was settled before with different figures."""


class CallbackTokenRejected(Forbidden):
    """The webhook did not carry our Xendit callback token."""
