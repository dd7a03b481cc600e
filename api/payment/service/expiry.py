"""The expiry job's work: close invoices nobody paid within their window."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from api.kit.uow import UnitOfWork
from api.payment.models import Payment
from api.payment.service.callbacks import mark_expired
from api.payment.service.gateway_log import log_call
from api.payment.xendit import XenditClient


async def expire_due(
    uow: UnitOfWork, *, gateway: XenditClient, now: datetime, batch_size: int
) -> int:
    """Expire up to ``batch_size`` pending payments past ``expires_at``; returns how many.

    The invoice is closed at Xendit first so it can no longer be paid. If Xendit says it was
    paid meanwhile, the payment is left pending for the PAID callback to settle.
    """
    due = list(
        await uow.session.scalars(
            select(Payment)
            .where(Payment.status == "pending", Payment.expires_at <= now)
            .order_by(Payment.expires_at)
            .limit(batch_size)
            # another worker may run the same job: each takes different rows
            .with_for_update(skip_locked=True)
        )
    )
    expired = 0
    for payment in due:
        if payment.invoice_id:
            response = await gateway.expire_invoice(payment.invoice_id)
            await log_call(uow, response, payment_id=payment.id, invoice_id=payment.invoice_id)
            if not response.ok:
                current = await gateway.get_invoice(payment.invoice_id)
                await log_call(uow, current, payment_id=payment.id, invoice_id=payment.invoice_id)
                if current.body.get("status") in ("PAID", "SETTLED"):
                    continue
        await mark_expired(uow, payment, now=now, source="job")
        expired += 1
    return expired
