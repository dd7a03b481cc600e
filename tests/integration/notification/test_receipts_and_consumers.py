"""Receipts come back through /webhooks/messages/* verified as each provider signs them; every
consumed event type reaches the right people on the right channels."""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any
from uuid import UUID, uuid4

import jwt
import pytest

from api.kit.auth import Role
from api.notification.providers.signatures import twilio_signature
from tests.integration.notification import events
from tests.support.messaging import Messaging
from tests.support.services import as_user, internal_headers


async def _registered(h: Messaging, **kwargs: Any) -> UUID:
    envelope = events.registered(**kwargs)
    await h.consume(envelope)
    return UUID(envelope.payload["user_id"])


async def test_receipts_of_every_provider_mark_messages_delivered(h: Messaging) -> None:
    user_id = await _registered(h, phone="+6281298765432")
    mine = as_user(Role.customer, user_id)
    on = [{"category": "transactional", "channel": c, "enabled": True} for c in ("sms", "whatsapp")]
    assert (
        await h.client.put("/api/notifications/preferences", headers=mine, json={"items": on})
    ).status_code == 200
    device = await h.client.post(
        "/api/notifications/devices",
        headers=mine,
        json={"token": "fcm-token-" + uuid4().hex, "platform": "android"},
    )
    assert device.status_code == 201
    await h.fail(1.0, provider="smtp")  # email goes by SendGrid, which sends receipts
    await h.consume(events.paid(user_id))
    await h.deliver()
    h.advance(seconds=3600)
    await h.deliver()
    h.advance(seconds=3600)
    await h.deliver()
    rows = dict(
        await h.rows("select channel, status from messages where kind = 'payment_received'")
    )
    assert rows == {
        "email": "delivered",  # SendGrid's ECDSA-signed event webhook
        "sms": "delivered",  # Twilio's X-Twilio-Signature status callback
        "whatsapp": "delivered",  # Meta's X-Hub-Signature-256 webhook
        "push": "sent",  # FCM sends no receipts
        "in_app": "delivered",
    }
    (whatsapp,) = await h.received(channel="whatsapp")
    assert whatsapp["template"] == "lakoo_payment_received" and len(whatsapp["parameters"]) == 3


async def test_unsigned_or_forged_receipts_are_refused_and_change_nothing(h: Messaging) -> None:
    await h.client.post(
        "/internal/messages",
        headers=internal_headers(),
        json={
            "to": "+6281211112222",
            "kind": "verification_code",
            "channel": "sms",
            "params": {"minutes": 5},
            "secret_params": {"code": "111222"},
        },
    )
    sid = await h.scalar("select provider_message_id from messages")
    form = {"MessageSid": sid, "MessageStatus": "undelivered"}
    forged = twilio_signature("not-the-token", h.settings.webhook_url("twilio"), form)
    for headers in ({}, {"X-Twilio-Signature": forged}):
        response = await h.client.post("/webhooks/messages/twilio", data=form, headers=headers)
        assert response.status_code == 403
    sendgrid = await h.client.post(
        "/webhooks/messages/sendgrid",
        content=b'[{"event": "bounce"}]',
        headers={
            "X-Twilio-Email-Event-Webhook-Signature": "MEUCIQ==",
            "X-Twilio-Email-Event-Webhook-Timestamp": "1",
        },
    )
    whatsapp = await h.client.post(
        "/webhooks/messages/whatsapp", content=b"{}", headers={"X-Hub-Signature-256": "sha256=00"}
    )
    assert sendgrid.status_code == 403 and whatsapp.status_code == 403
    # the genuine receipt may overtake the commit of the send: the worker's next round applies it
    await h.deliver()
    assert await h.scalar("select status from messages") == "delivered"  # the genuine receipt
    assert await h.scalar("select count(*) from receipts where status = 'failed'") == 0
    genuine = twilio_signature(
        h.settings.twilio_auth_token.get_secret_value(), h.settings.webhook_url("twilio"), form
    )
    accepted = await h.client.post(
        "/webhooks/messages/twilio", data=form, headers={"X-Twilio-Signature": genuine}
    )
    assert accepted.status_code == 200 and accepted.json() == {"applied": 1}
    assert await h.scalar("select status from messages") == "failed"


@pytest.mark.parametrize(
    ("kind", "who"),
    [
        ("order_shipped", "customer"),
        ("order_delivered", "customer"),
        ("refund_completed", "customer"),
        ("settlement_completed", "customer"),  # the seller: seller_id is the user's id
        ("withdrawal_completed", "customer"),
        ("low_stock", "staff"),
        ("purchase_order_approved", "supplier"),
        ("ticket_created", "customer"),
        ("ticket_assigned", "staff"),
        ("ticket_resolved", "customer"),
    ],
)
async def test_each_consumed_event_reaches_its_recipient(h: Messaging, kind: str, who: str) -> None:
    customer = await _registered(h)
    staff = await _registered(h, role="customer", name="Agus Gudang")
    await h.consume(events.role_changed(staff, "warehouse_staff"))
    bystander = await _registered(h)  # a customer: never a recipient of staff alerts
    supplier = uuid4()
    await h.consume(events.supplier_created(supplier))
    payload = events.payload_of_kind(kind, customer, staff, supplier)
    await h.consume(events.envelope(payload, uuid4(), "test"))
    await h.deliver()
    rows = await h.rows(
        "select recipient_key, channel, status from messages where kind = :kind", kind=kind
    )
    expected_key = {
        "customer": str(customer),
        "staff": str(staff),
        "supplier": f"supplier:{supplier}",
    }[who]
    assert rows and {r[0] for r in rows} == {expected_key}
    assert str(bystander) not in {r[0] for r in rows}
    if who == "supplier":
        assert [(r[1], r[2]) for r in rows] == [("whatsapp", "delivered")]
        (sent,) = await h.received(channel="whatsapp")
        assert sent["to"] == "+6281300001111" and "PO-20261124-AAAAA" in sent["parameters"]
    else:
        assert {r[1] for r in rows} == {"email", "in_app"}
        assert all(r[2] in ("sent", "delivered") for r in rows)


async def test_vonage_statuses_need_a_fresh_jwt_signed_for_exactly_that_body(h: Messaging) -> None:
    await h.fail(1.0, provider="twilio")
    await h.client.post(
        "/internal/messages",
        headers=internal_headers(),
        json={
            "to": "+6281233334444",
            "kind": "verification_code",
            "channel": "sms",
            "params": {"minutes": 5},
            "secret_params": {"code": "333444"},
        },
    )
    message_id, uuid = (await h.rows("select id, provider_message_id from messages"))[0]
    body = json.dumps(
        {"message_uuid": uuid, "status": "rejected", "client_ref": str(message_id)}
    ).encode()
    secret = h.settings.vonage_signature_secret.get_secret_value()

    def token(key: str, payload: bytes, *, age: int = 0) -> str:
        claims = {
            "iat": int(time.time()) - age,
            "payload_hash": hashlib.sha256(payload).hexdigest(),
        }
        return "Bearer " + jwt.encode(claims, key, algorithm="HS256")

    for authorization in (
        None,
        token("not-the-signature-secret-of-this-account", body),
        token(secret, b"{}"),  # signed for another body
        token(secret, body, age=3600),  # a replay of an old one
    ):
        headers = {"content-type": "application/json"}
        if authorization:
            headers["Authorization"] = authorization
        response = await h.client.post("/webhooks/messages/vonage", content=body, headers=headers)
        assert response.status_code == 403
    await h.deliver()  # the genuine (delivered) receipt, if it overtook the send's commit
    assert await h.scalar("select status from messages") == "delivered"
    genuine = await h.client.post(
        "/webhooks/messages/vonage",
        content=body,
        headers={"content-type": "application/json", "Authorization": token(secret, body)},
    )
    assert genuine.status_code == 200
    # a message already delivered is not failed by a later receipt... only moved forward
    assert await h.scalar("select count(*) from receipts where provider = 'vonage'") == 2
