"""Delivery receipts: ``/webhooks/messages/{sendgrid,twilio,whatsapp,vonage}``, each verified as its
provider signs (see :mod:`api.notification.providers.signatures`); anything unsigned is a 403
and changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any
from urllib.parse import parse_qsl

import orjson
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import PlainTextResponse

from api.kit.access import webhook
from api.kit.auth import keys_match
from api.kit.deps import Uow
from api.kit.errors import BadRequest
from api.kit.logging import get_logger
from api.kit.uow import UnitOfWork
from api.notification.errors import WebhookSignatureRejected
from api.notification.providers import signatures
from api.notification.routes.deps import Settings
from api.notification.service import receipts
from api.notification.settings import NotificationSettings
from api.notification.webhook_payloads import (
    sendgrid_receipts,
    twilio_receipt,
    vonage_receipt,
    whatsapp_receipts,
)

router = APIRouter(tags=["webhooks"])
log = get_logger(__name__)
MAX_BODY = 1 << 20


async def _body(request: Request) -> bytes:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise BadRequest("Webhook body too large")
    return raw


def _refuse(provider: str) -> WebhookSignatureRejected:
    log.warning("receipt webhook refused", extra={"provider": provider, "reason": "signature"})
    return WebhookSignatureRejected("Invalid webhook signature")


@router.post("/webhooks/messages/sendgrid")
@webhook(
    verified_by="SendGrid's Signed Event Webhook, ECDSA P-256 (SENDGRID_WEBHOOK_PUBLIC_KEY)",
    touches="the messages named in the events (by our message id)",
)
async def sendgrid_events(
    request: Request,
    uow: Uow,
    settings: Settings,
    signature: Annotated[
        str | None, Header(alias="X-Twilio-Email-Event-Webhook-Signature", include_in_schema=False)
    ] = None,
    timestamp: Annotated[
        str | None, Header(alias="X-Twilio-Email-Event-Webhook-Timestamp", include_in_schema=False)
    ] = None,
) -> dict[str, int]:
    """SendGrid's Event Webhook (a JSON array of events), ECDSA-signed."""
    raw = await _body(request)
    if not signatures.sendgrid_valid(
        settings.sendgrid_public_key(), payload=raw, timestamp=timestamp, signature=signature
    ):
        raise _refuse("sendgrid")
    return await _apply(uow, settings, "sendgrid", sendgrid_receipts(_json(raw)))


@router.post("/webhooks/messages/twilio")
@webhook(
    verified_by="X-Twilio-Signature, HMAC-SHA1 of the public URL and form (TWILIO_AUTH_TOKEN)",
    touches="the message of the provider id named in the form",
)
async def twilio_status(
    request: Request,
    uow: Uow,
    settings: Settings,
    signature: Annotated[
        str | None, Header(alias="X-Twilio-Signature", include_in_schema=False)
    ] = None,
) -> dict[str, int]:
    """Twilio's status callback (form-encoded), signed over the public URL and the parameters."""
    raw = await _body(request)
    try:
        params = dict(parse_qsl(raw.decode(), keep_blank_values=True, strict_parsing=False))
    except UnicodeDecodeError as exc:
        raise BadRequest("Status callback is not form-encoded text") from exc
    url = settings.webhook_url("twilio")
    if request.url.query:
        url = f"{url}?{request.url.query}"
    if not signatures.twilio_valid(
        settings.twilio_auth_token.get_secret_value(), url, params, signature
    ):
        raise _refuse("twilio")
    return await _apply(uow, settings, "twilio", [twilio_receipt(params)])


@router.get("/webhooks/messages/whatsapp", response_class=PlainTextResponse)
@webhook(
    verified_by="hub.verify_token (WHATSAPP_VERIFY_TOKEN): Meta's subscription handshake",
    touches="none: answers the challenge",
)
async def whatsapp_verify(
    settings: Settings,
    mode: Annotated[str | None, Query(alias="hub.mode", max_length=50)] = None,
    token: Annotated[str | None, Query(alias="hub.verify_token", max_length=500)] = None,
    challenge: Annotated[str | None, Query(alias="hub.challenge", max_length=500)] = None,
) -> str:
    """Meta's subscription handshake: echo the challenge when the verify token matches."""
    if mode != "subscribe" or not keys_match(token, settings.whatsapp_verify_token):
        raise _refuse("whatsapp")
    return challenge or ""


@router.post("/webhooks/messages/whatsapp")
@webhook(
    verified_by="X-Hub-Signature-256, HMAC-SHA256 of the body (WHATSAPP_APP_SECRET)",
    touches="the messages of the provider ids named in the statuses",
)
async def whatsapp_statuses(
    request: Request,
    uow: Uow,
    settings: Settings,
    signature: Annotated[
        str | None, Header(alias="X-Hub-Signature-256", include_in_schema=False)
    ] = None,
) -> dict[str, int]:
    """The Cloud API's webhook: message statuses, HMAC-SHA256-signed with the app secret."""
    raw = await _body(request)
    if not signatures.whatsapp_valid(
        settings.whatsapp_app_secret.get_secret_value(), payload=raw, signature=signature
    ):
        raise _refuse("whatsapp")
    return await _apply(uow, settings, "whatsapp", whatsapp_receipts(_json(raw)))


@router.post("/webhooks/messages/vonage")
@webhook(
    verified_by="a JWT in Authorization, HS256 with the body's hash (VONAGE_SIGNATURE_SECRET)",
    touches="the message of the provider id named in the body",
)
async def vonage_status(
    request: Request,
    uow: Uow,
    settings: Settings,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> dict[str, int]:
    """The Messages API's status webhook (JSON), with a signed JWT as its bearer token."""
    raw = await _body(request)
    if not signatures.vonage_valid(
        settings.vonage_signature_secret.get_secret_value(),
        payload=raw,
        authorization=authorization,
    ):
        raise _refuse("vonage")
    return await _apply(uow, settings, "vonage", [vonage_receipt(_json(raw))])


async def _apply(
    uow: UnitOfWork,
    settings: NotificationSettings,
    provider: str,
    found: Sequence[dict[str, Any] | None],
) -> dict[str, int]:
    """Apply every receipt a verified webhook carried (None: an entry to ignore), then commit."""
    applied = 0
    for receipt in found:
        if receipt is not None:
            outcome = await receipts.apply(uow, provider=provider, now=settings.now(), **receipt)
            applied += outcome == "applied"
    await uow.commit()
    return {"applied": applied}


def _json(raw: bytes) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadRequest("Webhook body is not JSON") from exc
