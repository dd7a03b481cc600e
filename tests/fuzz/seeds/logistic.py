"""Logistic's fuzz stand-in for Biteship (the sandbox, in-process), its signature, and the
shipments of the seeded orders."""

from __future__ import annotations

import hashlib
import hmac

import httpx
from fastapi import FastAPI

from tests.fuzz.platform import FuzzPlatform
from tests.fuzz.seeds import FuzzSeed

ORDER = 60  # after order: the paid orders' shipments exist once events are delivered
BITESHIP = "http://biteship.fuzz"


def configure(platform: FuzzPlatform, app: FastAPI) -> None:
    from api.logistic.biteship import BiteshipClient
    from lakoo.sandboxes.biteship import BiteshipSandboxSettings, create_biteship_sandbox

    settings = app.state.settings
    sandbox = create_biteship_sandbox(
        BiteshipSandboxSettings(
            api_key=settings.biteship_api_key.get_secret_value(),
            webhook_secret=settings.biteship_webhook_secret.get_secret_value(),
            webhook_url="http://logistic.fuzz/webhooks/biteship",
        ),
        webhook_transport=httpx.ASGITransport(app=app),
    )
    app.state.biteship = BiteshipClient(
        BITESHIP,
        api_key=settings.biteship_api_key.get_secret_value(),
        transport=httpx.ASGITransport(app=sandbox),
    )
    platform.apps["biteship-sandbox"] = sandbox
    # the worker's handlers book couriers too: on the same stand-in
    from api.logistic.consumers import make_handlers

    platform.handlers["logistic"] = make_handlers(courier=app.state.biteship, settings=settings)


def webhook_headers(app: FastAPI, body: bytes) -> dict[str, str]:
    secret = app.state.settings.biteship_webhook_secret.get_secret_value().encode()
    return {"x-biteship-signature": hmac.new(secret, body, hashlib.sha256).hexdigest()}


def seed(fuzz: FuzzSeed) -> None:
    for order_id in fuzz.values.get("order_id", []):
        shipment = fuzz.call(
            "logistic",
            "GET",
            f"/internal/shipments/by-order/{order_id}",
            as_="internal",
            expect=(200, 404),
        )
        if shipment and "id" in shipment:
            fuzz.remember("shipment_id", shipment["id"])
