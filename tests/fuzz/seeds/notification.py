"""Notification's fuzz stand-ins (the messaging sandbox in-process, every provider over HTTP),
auth's codes sent through it, every receipt webhook's signature, and an inbox, a device and the
templates to aim at."""

from __future__ import annotations

import time
from urllib.parse import parse_qsl

import httpx
from fastapi import FastAPI

from api.kit.auth import Role
from tests.fuzz.platform import FuzzPlatform
from tests.fuzz.seeds import FuzzSeed

ORDER = 5  # after auth: the run's users are recipients once user.registered is delivered
SANDBOX = "http://messages.fuzz"


def configure(platform: FuzzPlatform, app: FastAPI) -> None:
    from api.auth.messaging import NotificationSender
    from api.kit.client import ServiceClient
    from api.notification.providers.registry import build_providers
    from lakoo.sandboxes.messages import MessagesSandboxSettings, create_messages_sandbox

    # email by SendGrid's API: the in-process sandbox serves no SMTP port
    settings = app.state.settings.model_copy(
        update={
            "email_providers": ["sendgrid"],
            **{
                f"{provider}_base_url": SANDBOX
                for provider in ("sendgrid", "twilio", "vonage", "whatsapp", "fcm")
            },
            "fcm_token_url": f"{SANDBOX}/token",
        }
    )
    app.state.settings = settings
    sandbox = create_messages_sandbox(
        MessagesSandboxSettings(
            webhook_base_url=f"{settings.public_base_url}/webhooks/messages",
            receipt_delay_seconds=0,
        ),
        webhook_transport=httpx.ASGITransport(app=app),
        serve_smtp=False,
    )
    app.state.providers = build_providers(settings, transport=httpx.ASGITransport(app=sandbox))
    platform.apps["messages-sandbox"] = sandbox
    if "auth" in platform.apps:  # auth's codes and reset links go through this app
        platform.apps["auth"].state.message_sender = NotificationSender(
            ServiceClient(
                "http://notification.fuzz",
                internal_api_key=settings.internal_api_key.get_secret_value(),
                transport=platform.transport("notification"),
                name="notification",
            )
        )


def webhook_headers(app: FastAPI, body: bytes) -> dict[str, str]:
    """Every provider's signature of ``body`` at once: each receipt route reads its own."""
    from lakoo.sandboxes.messages.signing import (
        sendgrid_key,
        sendgrid_signature,
        twilio_signature,
        vonage_signature,
        whatsapp_signature,
    )

    settings = app.state.settings
    timestamp = str(int(time.time()))
    form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    return {
        "X-Twilio-Email-Event-Webhook-Signature": sendgrid_signature(
            sendgrid_key(), timestamp, body
        ),
        "X-Twilio-Email-Event-Webhook-Timestamp": timestamp,
        "X-Twilio-Signature": twilio_signature(
            settings.twilio_auth_token.get_secret_value(), settings.webhook_url("twilio"), form
        ),
        "X-Hub-Signature-256": whatsapp_signature(
            settings.whatsapp_app_secret.get_secret_value(), body
        ),
        "Authorization": "Bearer "
        + vonage_signature(
            settings.vonage_signature_secret.get_secret_value(),
            body,
            api_key=settings.vonage_api_key,
        ),
    }


def seed(fuzz: FuzzSeed) -> None:
    fuzz.deliver()  # user.registered: contacts, and every user's welcome in the inbox
    device = fuzz.call(
        "notification",
        "POST",
        "/api/notifications/devices",
        as_=Role.customer.value,
        json={"token": "fuzz-device-token-0123456789", "platform": "android"},
    )
    fuzz.remember("device_id", device["id"])
    inbox = fuzz.call("notification", "GET", "/api/notifications", as_=Role.customer.value)
    fuzz.remember("notification_id", *(item["id"] for item in inbox["items"]))
    templates = fuzz.call("notification", "GET", "/api/notifications/templates")
    fuzz.remember("template_id", *(item["id"] for item in templates[:5]))
