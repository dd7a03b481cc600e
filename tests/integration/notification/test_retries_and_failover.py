"""A provider failing 100 %: retries with exponential backoff (clock moved, never slept), the
second provider after `failover_after` failures — SendGrid after SMTP, Vonage after Twilio,
Twilio's WhatsApp after the Cloud API — then `failed` and `notification.failed`; the Kafka
consumer keeps consuming all along."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest
from sqlalchemy import select

from api.kit.auth import Role
from api.kit.tables import outbox
from api.notification.providers.twilio import development_content_sid
from tests.integration.notification import events
from tests.support.messaging import Messaging, consume_from_kafka
from tests.support.services import as_user, internal_headers


async def _email_of_payment(h: Messaging) -> tuple[UUID, str]:
    registered = events.registered()
    await h.consume(registered)
    await h.deliver()  # the welcome email goes out before the providers start failing
    user_id = UUID(registered.payload["user_id"])
    await h.consume(events.paid(user_id))
    message_id = await h.scalar(
        "select id from messages where kind = 'payment_received' and channel = 'email'"
    )
    return message_id, registered.payload["email"]


async def test_failing_providers_retry_with_backoff_fail_over_then_fail(h: Messaging) -> None:
    message_id, email = await _email_of_payment(h)
    await h.fail(1.0)
    base = h.settings.retry_base_seconds
    for attempt in range(1, h.settings.max_attempts + 1):
        before = h.settings.now()
        assert await h.deliver() == 1, f"attempt {attempt} was not due"
        assert await h.deliver() == 0, "a failed message must wait for its backoff"
        status, due = (
            await h.rows(
                "select status, next_attempt_at from messages where id = :id", id=message_id
            )
        )[0]
        if attempt < h.settings.max_attempts:
            assert status == "queued"
            wait = due - before
            expected = timedelta(seconds=base * 2 ** (attempt - 1))
            assert expected <= wait < expected + timedelta(seconds=5)
            h.advance(seconds=wait.total_seconds() + 1)
        else:
            assert status == "failed" and due is None
    tried = await h.rows(
        "select provider from delivery_attempts where message_id = :id order by attempt",
        id=message_id,
    )
    # failover_after = 2: smtp twice, then SendGrid for every try after
    assert [p for (p,) in tried] == ["smtp", "smtp", "sendgrid", "sendgrid", "sendgrid"]
    failed = [
        row.payload
        for row in await h.rows(
            "select payload from outbox where event_type = 'notification.failed' order by id"
        )
    ]
    assert [f["will_retry"] for f in failed] == [True, True, True, True, False]
    assert failed[-1]["notification_id"] == str(message_id) and failed[-1]["provider"] == "sendgrid"
    assert await h.received(to=email, kind="payment_received") == []
    refused = (await h.sandbox.get("/sandbox/failures")).json()["refused"]
    assert refused["smtp"] == 2 and refused["sendgrid"] == 3


async def test_the_second_provider_delivers_when_the_first_keeps_failing(h: Messaging) -> None:
    message_id, email = await _email_of_payment(h)
    await h.fail(1.0, provider="smtp")
    for _ in range(3):
        await h.deliver()
        h.advance(seconds=h.settings.retry_max_seconds)
    (received,) = await h.received(to=email, kind="payment_received")
    assert received["provider"] == "sendgrid"
    status, provider = (
        await h.rows("select status, provider from messages where id = :id", id=message_id)
    )[0]
    # SendGrid's signed Event Webhook came back through /webhooks/messages/sendgrid
    assert (status, provider) == ("delivered", "sendgrid")


async def test_the_consumer_keeps_consuming_while_every_provider_fails(
    h: Messaging, kafka_bootstrap: str
) -> None:
    await h.fail(1.0)
    users = [events.registered() for _ in range(5)]
    payments = [events.paid(UUID(u.payload["user_id"])) for u in users]
    runtime = await consume_from_kafka(h, kafka_bootstrap, [*users, *payments], until=10)
    assert runtime.stats.dead_lettered == 0 and runtime.stats.retries == 0
    queued = await h.scalar("select count(*) from messages where channel = 'email'")
    assert queued == 10
    async with h.uow_factory() as uow:
        published = (
            await uow.session.execute(
                select(outbox.c.event_type).where(outbox.c.event_type == "notification.failed")
            )
        ).all()
    assert published, "the failing sends were recorded as failed attempts"


@pytest.mark.parametrize(
    ("channel", "first", "second"),
    [("sms", "twilio", "vonage"), ("whatsapp", "whatsapp", "twilio")],
)
async def test_sms_and_whatsapp_fail_over_to_their_second_provider(
    h: Messaging, channel: str, first: str, second: str
) -> None:
    registered = events.registered(phone="+6281377778888")
    await h.consume(registered)
    user_id = UUID(registered.payload["user_id"])
    choices = [{"category": "transactional", "channel": channel, "enabled": True}]
    response = await h.client.put(
        "/api/notifications/preferences",
        headers=as_user(Role.customer, user_id),
        json={"items": choices},
    )
    assert response.status_code == 200
    await h.fail(1.0, provider=first)
    await h.consume(events.paid(user_id))
    for _ in range(h.settings.failover_after + 1):
        await h.deliver()
        h.advance(seconds=h.settings.retry_max_seconds)
    message_id = await h.scalar(
        "select id from messages where kind = 'payment_received' and channel = :c", c=channel
    )
    tried = await h.rows(
        "select provider from delivery_attempts where message_id = :id order by attempt",
        id=message_id,
    )
    assert [p for (p,) in tried] == [first, first, second]
    (received,) = await h.received(to="+6281377778888", channel=channel)
    assert received["provider"] == second
    if channel == "whatsapp":
        # Twilio's Content template of the same approved WhatsApp template, same parameters
        assert received["template"] == development_content_sid("lakoo_payment_received")
        assert len(received["parameters"]) == 3 and "Siti Rahma" in received["parameters"]
    else:
        assert received["data"]["client_ref"] == str(message_id)  # Vonage carries our id
    # the second provider's signed receipt came back through /webhooks/messages/<provider>
    status = await h.scalar("select status from messages where id = :id", id=message_id)
    assert status == "delivered"


async def test_a_security_code_by_sms_goes_by_vonage_at_once_when_twilio_is_down(
    h: Messaging,
) -> None:
    await h.fail(1.0, provider="twilio")
    response = await h.client.post(
        "/internal/messages",
        headers=internal_headers(),
        json={
            "to": "+6281244445555",
            "kind": "verification_code",
            "channel": "sms",
            "params": {"minutes": 5},
            "secret_params": {"code": "402913"},
        },
    )
    assert response.status_code == 202, response.text
    (received,) = await h.received(to="+6281244445555", channel="sms")
    assert received["provider"] == "vonage" and "402913" in received["body"]
    tried = await h.rows("select provider, outcome from delivery_attempts order by attempt")
    assert [tuple(row) for row in tried] == [("twilio", "failed"), ("vonage", "sent")]
