"""``POST /webhooks/xendit/invoice``: Xendit's invoice callbacks, token-checked, idempotent."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request

from api.kit.access import webhook
from api.kit.deps import Uow
from api.kit.webhooks import verified_callback
from api.payment.errors import CallbackTokenRejected
from api.payment.routes.deps import Settings
from api.payment.schemas import InvoiceCallback
from api.payment.service import callbacks

router = APIRouter(tags=["webhooks"])


@router.post("/webhooks/xendit/invoice")
@webhook(
    verified_by="x-callback-token (XENDIT_CALLBACK_TOKEN)",
    touches="the payment of the invoice named in the body",
)
async def xendit_invoice_callback(
    request: Request,
    uow: Uow,
    settings: Settings,
    x_callback_token: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> dict[str, str]:
    """Apply a PAID / EXPIRED invoice callback once; anything without our token is refused."""
    callback = await verified_callback(
        request,
        InvoiceCallback,
        token=x_callback_token,
        expected=settings.xendit_callback_token,
        refused=CallbackTokenRejected,
        what="invoice callback",
    )
    outcome = await callbacks.apply_invoice_callback(uow, callback=callback, now=settings.now())
    await uow.commit()
    return {"status": outcome}
