"""The sandbox's provider APIs, in each provider's real request and response shapes: SendGrid,
Twilio (SMS, and WhatsApp through Content templates), Vonage's Messages API (SMS), the WhatsApp
Cloud API, Google's OAuth token endpoint and FCM v1."""

from __future__ import annotations

import hmac
import json
import math
import re
import secrets
import time
from typing import Annotated, Any
from urllib.parse import parse_qsl
from uuid import uuid4

import jwt
from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse

from lakoo.sandboxes.http import basic_auth_credentials, basic_auth_username
from lakoo.sandboxes.messages.receipts import ReceiptSender
from lakoo.sandboxes.messages.store import Received, Store


def _same(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given).encode(), expected.encode())


def _segments(text: str) -> int:
    # the sandbox's own count (GSM-7 only, as Twilio reports num_segments)
    return 1 if len(text) <= 160 else math.ceil(len(text) / 153)


def provider_router(store: Store, receipts: ReceiptSender, config: Any) -> APIRouter:
    """Routes for SendGrid, Twilio, WhatsApp Cloud and FCM (with Google's token endpoint)."""
    router = APIRouter()
    access_tokens: set[str] = set()

    @router.post("/v3/mail/send", status_code=202)
    async def sendgrid_send(
        body: dict[str, Any], authorization: Annotated[str | None, Header()] = None
    ) -> JSONResponse:
        if not _same(authorization, f"Bearer {config.sendgrid_api_key}"):
            return JSONResponse({"errors": [{"message": "Permission denied"}]}, status_code=401)
        try:
            recipients = [to["email"] for p in body["personalizations"] for to in p["to"]]
            content = {c["type"]: c["value"] for c in body["content"]}
            sender = body["from"]["email"]
        except (KeyError, TypeError) as exc:
            message = f"Bad request: {exc}"
            return JSONResponse({"errors": [{"message": message}]}, status_code=400)
        if store.should_fail("sendgrid"):
            return JSONResponse({"errors": [{"message": "Service unavailable"}]}, status_code=503)
        message_id = secrets.token_urlsafe(16)
        custom_args = {str(k): str(v) for k, v in (body.get("custom_args") or {}).items()}
        for email in recipients:
            store.keep(
                Received(
                    provider="sendgrid",
                    channel="email",
                    to=str(email).lower(),
                    sender=sender,
                    subject=body.get("subject"),
                    body=content.get("text/plain", ""),
                    html=content.get("text/html"),
                    kind=(body.get("categories") or [None])[0],
                    data={"x_message_id": message_id, **custom_args},
                )
            )
            receipts.sendgrid(email=email, sg_message_id=message_id, custom_args=custom_args)
        return JSONResponse(None, status_code=202, headers={"X-Message-Id": message_id})

    @router.post("/2010-04-01/Accounts/{account_sid}/Messages.json", status_code=201)
    async def twilio_send(
        account_sid: str, request: Request, authorization: Annotated[str | None, Header()] = None
    ) -> JSONResponse:
        form = await _form(request)
        To, Body = form.get("To", ""), form.get("Body", "")
        From, StatusCallback = form.get("From"), form.get("StatusCallback")
        password = _basic_password(authorization)
        if (
            account_sid != config.twilio_account_sid
            or not _same(basic_auth_username(authorization), account_sid)
            or not _same(password, config.twilio_auth_token)
        ):
            return JSONResponse(
                {"code": 20003, "message": "Authenticate", "status": 401}, status_code=401
            )
        if To.startswith("whatsapp:"):
            return twilio_whatsapp(account_sid, form)
        if not To.startswith("+"):
            return JSONResponse(
                {"code": 21211, "message": f"The 'To' number {To} is not valid.", "status": 400},
                status_code=400,
            )
        if store.should_fail("twilio"):
            return JSONResponse(
                {"code": 20500, "message": "Internal Server Error", "status": 500},
                status_code=500,
            )
        sid = "SM" + secrets.token_hex(16)
        segments = _segments(Body)
        store.keep(
            Received(
                provider="twilio",
                channel="sms",
                to=To,
                sender=From,
                body=Body,
                segments=segments,
                data={"sid": sid},
            )
        )
        if StatusCallback:
            receipts.twilio(
                callback=StatusCallback, sid=sid, account_sid=account_sid, to=To, sender=From or ""
            )
        return JSONResponse(
            {
                "sid": sid,
                "account_sid": account_sid,
                "to": To,
                "from": From,
                "body": Body,
                "status": "queued",
                "num_segments": str(segments),
                "api_version": "2010-04-01",
            },
            status_code=201,
        )

    def twilio_whatsapp(account_sid: str, form: dict[str, str]) -> JSONResponse:
        """Twilio's WhatsApp: a Content template (ContentSid) and its numbered variables."""
        to, sender = form["To"].removeprefix("whatsapp:"), form.get("From", "")
        content_sid = form.get("ContentSid", "")
        try:
            variables = json.loads(form.get("ContentVariables") or "{}")
        except ValueError:
            variables = None
        if (
            not to.startswith("+")
            or not sender.startswith("whatsapp:")
            or not re.fullmatch(r"HX[0-9a-fA-F]{32}", content_sid)
            or not isinstance(variables, dict)
        ):
            return JSONResponse(
                {"code": 21211, "message": "Invalid WhatsApp message parameters", "status": 400},
                status_code=400,
            )
        if store.should_fail("twilio"):
            return JSONResponse(
                {"code": 20500, "message": "Internal Server Error", "status": 500},
                status_code=500,
            )
        parameters = [str(variables[k]) for k in sorted(variables, key=lambda k: int(k))]
        sid = "SM" + secrets.token_hex(16)
        store.keep(
            Received(
                provider="twilio",
                channel="whatsapp",
                to=to,
                sender=sender,
                body=f"[{content_sid}] " + " · ".join(parameters),
                template=content_sid,
                parameters=parameters,
                data={"sid": sid, "content_sid": content_sid},
            )
        )
        if callback := form.get("StatusCallback"):
            receipts.twilio(
                callback=callback,
                sid=sid,
                account_sid=account_sid,
                to=form["To"],
                sender=sender,
                channel="whatsapp",
            )
        return JSONResponse(
            {
                "sid": sid,
                "account_sid": account_sid,
                "to": form["To"],
                "from": sender,
                "status": "queued",
                "api_version": "2010-04-01",
            },
            status_code=201,
        )

    @router.post("/v1/messages", status_code=202)
    async def vonage_send(
        body: dict[str, Any], authorization: Annotated[str | None, Header()] = None
    ) -> JSONResponse:
        """Vonage's Messages API, SMS channel (HTTP Basic with the API key and secret)."""
        if not (
            _same(basic_auth_username(authorization), config.vonage_api_key)
            and _same(_basic_password(authorization), config.vonage_api_secret)
        ):
            return _vonage_problem(401, "Unauthorized", "You did not provide correct credentials.")
        to, text = str(body.get("to") or ""), body.get("text")
        if (
            body.get("message_type") != "text"
            or body.get("channel") != "sms"
            or not to.isdigit()
            or not isinstance(text, str)
            or not text
            or not body.get("from")
        ):
            return _vonage_problem(
                422, "Invalid params", "The value of one or more parameters is invalid."
            )
        if store.should_fail("vonage"):
            return _vonage_problem(500, "Internal Error", "An error occurred, please try again.")
        message_uuid = str(uuid4())
        client_ref = str(body.get("client_ref") or "") or None
        store.keep(
            Received(
                provider="vonage",
                channel="sms",
                to="+" + to,
                sender=str(body["from"]),
                body=text,
                segments=_segments(text),
                data={
                    "message_uuid": message_uuid,
                    **({"client_ref": client_ref} if client_ref else {}),
                },
            )
        )
        receipts.vonage(
            message_uuid=message_uuid, to=to, sender=str(body["from"]), client_ref=client_ref
        )
        return JSONResponse({"message_uuid": message_uuid}, status_code=202)

    @router.post("/{version}/{phone_number_id}/messages")
    async def whatsapp_send(
        version: str,
        phone_number_id: str,
        body: dict[str, Any],
        authorization: Annotated[str | None, Header()] = None,
    ) -> JSONResponse:
        if not _same(authorization, f"Bearer {config.whatsapp_access_token}"):
            return _meta_error(401, 190, "Invalid OAuth access token.")
        template = body.get("template") if isinstance(body.get("template"), dict) else None
        to = str(body.get("to") or "")
        if body.get("messaging_product") != "whatsapp" or not to.isdigit() or template is None:
            return _meta_error(400, 100, "Invalid parameter")
        if store.should_fail("whatsapp"):
            return _meta_error(503, 131000, "Something went wrong")
        parameters = [
            str(p.get("text", ""))
            for c in template.get("components") or []
            if isinstance(c, dict)
            for p in c.get("parameters") or []
            if isinstance(p, dict)
        ]
        wamid = "wamid." + secrets.token_urlsafe(24)
        name = str(template.get("name") or "")
        store.keep(
            Received(
                provider="whatsapp",
                channel="whatsapp",
                to="+" + to,
                body=f"[{name}] " + " · ".join(parameters),
                template=name,
                parameters=parameters,
                kind=name.removeprefix("lakoo_") or None,
                data={"wamid": wamid, "language": (template.get("language") or {}).get("code")},
            )
        )
        receipts.whatsapp(phone_number_id=phone_number_id, wamid=wamid, to=to)
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": to, "wa_id": to}],
                "messages": [{"id": wamid}],
            }
        )

    @router.post("/token")
    async def google_token(request: Request) -> JSONResponse:
        form = await _form(request)
        grant_type, assertion = form.get("grant_type"), form.get("assertion", "")
        # The sandbox holds no service-account public key, so it checks the assertion's shape,
        # claims and expiry, not its signature.
        if grant_type != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
        try:
            claims = jwt.decode(assertion, options={"verify_signature": False})
        except jwt.PyJWTError:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        if (
            "firebase.messaging" not in str(claims.get("scope"))
            or claims.get("exp", 0) < time.time()
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        token = "ya29.sandbox-" + secrets.token_urlsafe(24)
        access_tokens.add(token)
        return JSONResponse({"access_token": token, "expires_in": 3599, "token_type": "Bearer"})

    @router.post("/v1/projects/{project_id}/messages:send")
    async def fcm_send(
        project_id: str, body: dict[str, Any], authorization: Annotated[str | None, Header()] = None
    ) -> JSONResponse:
        if (authorization or "").removeprefix("Bearer ") not in access_tokens:
            return _google_error(401, "UNAUTHENTICATED", "Request had invalid credentials.")
        found = body.get("message")
        message: dict[str, Any] = found if isinstance(found, dict) else {}
        device = str(message.get("token") or "")
        if not device:
            return _google_error(400, "INVALID_ARGUMENT", "token is required")
        if device.startswith("dead-"):
            return _google_error(
                404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED"
            )
        if store.should_fail("fcm"):
            return _google_error(503, "UNAVAILABLE", "The service is currently unavailable.")
        notification = message.get("notification") or {}
        data = {str(k): str(v) for k, v in (message.get("data") or {}).items()}
        name = f"projects/{project_id}/messages/0:{secrets.randbelow(10**16)}"
        store.keep(
            Received(
                provider="fcm",
                channel="push",
                to=device,
                subject=notification.get("title"),
                body=str(notification.get("body") or ""),
                kind=data.get("kind"),
                data={"name": name, **data},
            )
        )
        return JSONResponse({"name": name})

    return router


async def _form(request: Request) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body (what Twilio and Google's token URL take)."""
    try:
        return dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))
    except UnicodeDecodeError:
        return {}


def _basic_password(authorization: str | None) -> str | None:
    credentials = basic_auth_credentials(authorization)
    return credentials[1] if credentials else None


def _vonage_problem(status: int, title: str, detail: str) -> JSONResponse:
    return JSONResponse(
        {
            "type": f"https://developer.vonage.com/api-errors#{status}",
            "title": title,
            "detail": detail,
            "instance": str(uuid4()),
        },
        status_code=status,
        media_type="application/problem+json",
    )


def _meta_error(status: int, code: int, message: str) -> JSONResponse:
    return JSONResponse(
        {"error": {"message": message, "type": "OAuthException", "code": code}}, status_code=status
    )


def _google_error(
    status: int, name: str, message: str, fcm_code: str | None = None
) -> JSONResponse:
    details = [
        {"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": fcm_code}
    ]
    return JSONResponse(
        {
            "error": {
                "code": status,
                "message": message,
                "status": name,
                "details": details if fcm_code else [],
            }
        },
        status_code=status,
    )
