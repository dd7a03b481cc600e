"""``POST /webhooks/xendit/invoice``: Xendit's invoice callbacks, token-checked, idempotent."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from pydantic import ValidationError

from api.kit.access import webhook
from api.kit.auth import keys_match
from api.kit.deps import Uow
from api.kit.errors import Unprocessable
from api.kit.logging import get_logger
from api.payment.errors import CallbackTokenRejected
from api.payment.routes.deps import Settings
from api.payment.schemas import InvoiceCallback
from api.payment.service import callbacks

router = APIRouter(tags=["webhooks"])
log = get_logger(__name__)


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
    # Constant-time comparison: timing must not reveal how much of a forged token was right.
    if not keys_match(x_callback_token, settings.xendit_callback_token):
        log.warning("xendit callback refused", extra={"reason": "bad callback token"})
        raise CallbackTokenRejected("Invalid callback token")
    try:
        callback = InvoiceCallback.model_validate_json(await request.body())
    except ValidationError as exc:
        field = ".".join(str(p) for p in exc.errors()[0]["loc"]) or "body"
        raise Unprocessable(f"Malformed invoice callback: {field}", field=field) from exc
    outcome = await callbacks.apply_invoice_callback(uow, callback=callback, now=settings.now())
    await uow.commit()
    return {"status": outcome}
