"""The Biteship webhook (signature, idempotency per status) and the cached rate route."""

from __future__ import annotations

import hashlib
import hmac
import json

from sqlalchemy import select

from api.kit.tables import outbox
from api.logistic.consumers import make_handlers
from api.logistic.models import Shipment, ShippingRate, TrackingEvent
from tests.integration.logistic.conftest import Harness, as_event, count, order_envelopes
from tests.support.services import as_user, internal_headers


async def _booked(h: Harness) -> Shipment:
    """A shipment booked by the handlers (without Kafka)."""
    handlers = make_handlers(h.courier, h.settings)
    for envelope in order_envelopes():
        async with h.uow_factory() as uow:
            await handlers[envelope.event_type](as_event(envelope), uow)
            await uow.commit()
    async with h.uow_factory() as uow:
        shipment = (await uow.session.scalars(select(Shipment))).one()
        uow.session.expunge(shipment)
        return shipment


def _signed(h: Harness, body: dict[str, object]) -> tuple[bytes, str]:
    raw = json.dumps(body).encode()
    secret = h.settings.biteship_webhook_secret.get_secret_value().encode()
    return raw, hmac.new(secret, raw, hashlib.sha256).hexdigest()


async def _state(h: Harness) -> tuple[int, int, str]:
    async with h.uow_factory() as uow:
        status = (await uow.session.scalars(select(Shipment.status))).one()
    return await count(h, outbox), await count(h, TrackingEvent), status


async def test_a_bad_or_missing_signature_is_rejected_and_changes_nothing(
    harness: Harness,
) -> None:
    shipment = await _booked(harness)
    body = {"event": "order.status", "order_id": shipment.courier_order_id, "status": "picked"}
    raw, good = _signed(harness, body)
    before = await _state(harness)
    for headers in ({}, {"x-biteship-signature": "0" * 64}, {"x-biteship-signature": good[::-1]}):
        response = await harness.client.post(
            "/webhooks/biteship",
            content=raw,
            headers={"content-type": "application/json", **headers},
        )
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
    # a good signature over a different body is as bad as none
    tampered = raw.replace(b"picked", b"delivered")
    response = await harness.client.post(
        "/webhooks/biteship",
        content=tampered,
        headers={"content-type": "application/json", "x-biteship-signature": good},
    )
    assert response.status_code == 401
    assert await _state(harness) == before


async def test_the_same_status_twice_has_one_effect(harness: Harness) -> None:
    shipment = await _booked(harness)
    raw, signature = _signed(
        harness,
        {"event": "order.status", "order_id": shipment.courier_order_id, "status": "picked"},
    )
    headers = {"content-type": "application/json", "x-biteship-signature": signature}
    first = await harness.client.post("/webhooks/biteship", content=raw, headers=headers)
    second = await harness.client.post("/webhooks/biteship", content=raw, headers=headers)
    assert (first.json()["status"], second.json()["status"]) == ("applied", "duplicate")
    async with harness.uow_factory() as uow:
        types = list(await uow.session.scalars(select(outbox.c.event_type)))
    assert types == ["shipment.created", "shipment.picked_up"]
    owner = as_user(user_id=shipment.user_id)
    read = await harness.client.get(f"/api/shipments/{shipment.id}", headers=owner)
    assert read.status_code == 200 and read.json()["status"] == "picked_up"
    assert (
        await harness.client.get(f"/api/shipments/{shipment.id}", headers=as_user())
    ).status_code == 403


async def test_rates_answer_cheapest_and_regular_and_come_from_the_cache_the_second_time(
    harness: Harness,
) -> None:
    body = {"origin_postal_code": "13910", "destination_postal_code": "10110", "weight_grams": 1200}
    first = await harness.client.post(
        "/internal/shipping/rates", json=body, headers=internal_headers()
    )
    assert first.status_code == 200, first.text
    quote = first.json()
    assert quote["cached"] is False
    assert quote["cheapest"]["price"] == min(o["price"] for o in quote["options"])
    assert quote["regular"]["service_type"] == "regular"
    assert quote["rates"] == quote["options"]
    again = await harness.client.post(
        "/internal/shipping/rates", json=body, headers=internal_headers()
    )
    assert again.json()["cached"] is True and again.json()["options"] == quote["options"]
    assert await count(harness, ShippingRate) == len(quote["options"])

    bad = await harness.client.post(
        "/internal/shipping/rates",
        json=body | {"destination_postal_code": "1011"},
        headers=internal_headers(),
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "destination_postal_code"
    assert await count(harness, ShippingRate) == len(quote["options"])
