"""Payment's fuzz stand-in for Xendit (the sandbox, in-process) and its webhook token."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from tests.fuzz.platform import FuzzPlatform

XENDIT = "http://xendit.fuzz"


def configure(platform: FuzzPlatform, app: FastAPI) -> None:
    from api.payment.xendit import XenditClient
    from lakoo.sandboxes.xendit import XenditSandboxSettings, create_xendit_sandbox

    settings = app.state.settings
    sandbox = create_xendit_sandbox(
        XenditSandboxSettings(
            secret_key=settings.xendit_secret_key.get_secret_value(),
            callback_token=settings.xendit_callback_token.get_secret_value(),
            callback_url="http://payment.fuzz/webhooks/xendit/invoice",
            public_url=XENDIT,
        ),
        callback_transport=httpx.ASGITransport(app=app),
    )
    app.state.xendit = XenditClient(
        XENDIT,
        secret_key=settings.xendit_secret_key.get_secret_value(),
        transport=httpx.ASGITransport(app=sandbox),
    )
    platform.apps["xendit-sandbox"] = sandbox  # the order seed pays invoices there


def webhook_headers(app: FastAPI, body: bytes) -> dict[str, str]:
    return {"x-callback-token": app.state.settings.xendit_callback_token.get_secret_value()}
