"""payment.paid → one email however often it arrives; quiet hours hold non-urgent messages until
08:00 WIB while codes go at once; a user who turned email off gets in-app only."""

from __future__ import annotations

from uuid import UUID

from api.kit.auth import Role
from api.notification.models import Message
from tests.integration.notification import events
from tests.support.messaging import Messaging, consume_from_kafka, wib
from tests.support.services import as_user, internal_headers


async def _user(h: Messaging) -> tuple[UUID, str]:
    registered = events.registered()
    await h.consume(registered)
    return UUID(registered.payload["user_id"]), registered.payload["email"]


async def test_payment_paid_applied_twice_sends_one_email(h: Messaging) -> None:
    user_id, email = await _user(h)
    paid = events.paid(user_id)
    assert await h.consume(paid) is True
    await h.deliver()
    # the same event again, past the inbox (a second consumer group, a replay): still one
    assert await h.consume(paid, through_inbox=False) is True
    await h.deliver()
    emails = await h.received(to=email, kind="payment_received")
    assert len(emails) == 1
    assert "Rp 150.000" in emails[0]["body"]
    assert await h.count(Message, Message.kind == "payment_received") == 2  # email + in-app


async def test_payment_paid_on_kafka_twice_sends_one_email(
    h: Messaging, kafka_bootstrap: str
) -> None:
    registered = events.registered()
    paid = events.paid(UUID(registered.payload["user_id"]))
    # the person first, as on the platform (their events are on other keys, so on other
    # partitions: produced together, the payment could be read before the registration)
    await consume_from_kafka(h, kafka_bootstrap, [registered], until=1)
    runtime = await consume_from_kafka(h, kafka_bootstrap, [paid, paid], until=2)
    assert runtime.stats.duplicates == 1
    await h.deliver()
    assert len(await h.received(to=registered.payload["email"], kind="payment_received")) == 1


async def test_a_non_urgent_message_at_23_wib_waits_until_08_wib(h: Messaging) -> None:
    user_id, email = await _user(h)
    await h.deliver()  # the welcome email, sent in daytime
    h.set_time(wib(23))
    await h.consume(events.paid(user_id))
    await h.deliver()
    assert await h.received(to=email, kind="payment_received") == []
    held = await h.scalar(
        "select held_until from messages where kind = 'payment_received' and channel = 'email'"
    )
    assert held == wib(8, days=1)
    h.set_time(wib(7, 59, days=1))
    await h.deliver()
    assert await h.received(to=email, kind="payment_received") == []
    h.set_time(wib(8, 0, days=1))
    await h.deliver()
    assert len(await h.received(to=email, kind="payment_received")) == 1
    # the in-app copy made no sound, so it was in the inbox all night
    inbox = await h.client.get("/api/notifications", headers=as_user(Role.customer, user_id))
    assert [n["kind"] for n in inbox.json()["items"]][0] == "payment_received"


async def test_a_security_code_at_23_wib_is_sent_at_once(h: Messaging) -> None:
    user_id, email = await _user(h)
    h.set_time(wib(23))
    response = await h.client.post(
        "/internal/messages",
        headers=internal_headers(),
        json={
            "user_id": str(user_id),
            "to": email,
            "kind": "verification_code",
            "params": {"minutes": 10},
            "secret_params": {"code": "482913"},
        },
    )
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "sent"
    (message,) = await h.received(to=email, kind="verification_code")
    assert "482913" in message["body"]


async def test_a_user_who_turned_email_off_gets_in_app_only(h: Messaging) -> None:
    user_id, email = await _user(h)
    headers = as_user(Role.customer, user_id)
    turned = await h.client.put(
        "/api/notifications/preferences",
        headers=headers,
        json={"items": [{"category": "transactional", "channel": "email", "enabled": False}]},
    )
    assert turned.status_code == 200, turned.text
    await h.consume(events.paid(user_id))
    await h.deliver()
    assert await h.received(to=email, kind="payment_received") == []
    channels = await h.rows("select channel from messages where kind = 'payment_received'")
    assert [c for (c,) in channels] == ["in_app"]
    unread = await h.client.get("/api/notifications/unread-count", headers=headers)
    assert unread.json()["count"] == 2  # welcome and the payment


async def test_security_cannot_be_turned_off_and_nothing_is_written(h: Messaging) -> None:
    user_id, _ = await _user(h)
    headers = as_user(Role.customer, user_id)
    response = await h.client.put(
        "/api/notifications/preferences",
        headers=headers,
        json={
            "items": [
                {"category": "transactional", "channel": "push", "enabled": False},
                {"category": "security", "channel": "email", "enabled": False},
            ]
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "items.1.enabled"
    assert await h.scalar("select count(*) from preferences") == 0
    defaults = (await h.client.get("/api/notifications/preferences", headers=headers)).json()
    on = {(i["category"], i["channel"]) for i in defaults["items"] if i["enabled"]}
    assert ("transactional", "email") in on and ("transactional", "sms") not in on
    assert ("security", "sms") in on and ("marketing", "email") not in on
    assert ("transactional", "whatsapp") not in on
