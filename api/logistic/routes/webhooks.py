"""``POST /webhooks/biteship``: courier status updates, HMAC-verified, idempotent per status."""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import APIRouter, Header, Request
from pydantic import ValidationError

from api.kit.access import webhook
from api.kit.deps import Uow
from api.kit.errors import Unprocessable
from api.kit.logging import get_logger
from api.logistic.errors import SignatureRejected
from api.logistic.routes.deps import Settings
from api.logistic.schemas import BiteshipWebhook
from api.logistic.service import shipments

router = APIRouter(tags=["webhooks"])
log = get_logger(__name__)


def signature_of(body: bytes, secret: str) -> str:
    """The hex HMAC-SHA256 of the raw body, as the sender signs it."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@router.post("/webhooks/biteship")
@webhook(
    verified_by="x-biteship-signature, HMAC-SHA256 of the body (BITESHIP_WEBHOOK_SECRET)",
    touches="the shipment of the courier order named in the body",
)
async def biteship_webhook(
    request: Request,
    uow: Uow,
    settings: Settings,
    x_biteship_signature: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> dict[str, str]:
    """Apply a courier status once; a body whose signature does not match is refused (401)."""
    raw = await request.body()
    # the signature covers the exact bytes received: verify before parsing anything
    expected = signature_of(raw, settings.biteship_webhook_secret.get_secret_value())
    if not x_biteship_signature or not hmac.compare_digest(
        x_biteship_signature.lower().encode(), expected.encode()
    ):
        log.warning("biteship webhook refused", extra={"reason": "bad signature"})
        raise SignatureRejected("Invalid webhook signature")
    try:
        hook = BiteshipWebhook.model_validate_json(raw)
    except ValidationError as exc:
        field = ".".join(str(p) for p in exc.errors()[0]["loc"]) or "body"
        raise Unprocessable(f"Malformed Biteship webhook: {field}", field=field) from exc
    if hook.event != "order.status":
        return {"status": "ignored"}
    outcome = await shipments.apply_courier_status(
        uow,
        courier_order_id=hook.order_id,
        courier_status=hook.status,
        waybill=hook.courier_waybill_id,
        note=hook.note,
        location=hook.location,
        at=settings.now(),
    )
    await uow.commit()
    return {"status": outcome}
