"""``/internal/messages``: another service asks for one message (auth's codes and reset links).

Urgent (security) messages are sent within the request, walking the channel's provider chain
once, so the caller knows at once whether the code went out. Their secret parameters are
rendered into what is sent and masked in what is stored; they are never logged nor put in an
event. Other kinds join the queue like any message (preferences and quiet hours apply; a queued
security notice is never held nor turned off).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import select

from api.events.values import Channel
from api.kit.errors import Unprocessable
from api.kit.uow import UnitOfWork
from api.notification.errors import DeliveryFailed, NoContact
from api.notification.kinds import Kind
from api.notification.models import DeliveryAttempt, Message
from api.notification.providers.base import Outgoing, SendResult
from api.notification.providers.registry import Providers
from api.notification.service import contacts, preferences, templates
from api.notification.service import events as message_events
from api.notification.service.messages import DEFAULT_NAMES, QuietHours, Source, Target, enqueue
from api.notification.templates.rendering import TemplateProblem
from api.notification.templates.segments import segment_count


async def request(
    uow: UnitOfWork,
    *,
    providers: Providers,
    kind: Kind,
    channel: Channel,
    user_id: UUID | None,
    to: str | None,
    locale: str,
    params: Mapping[str, Any],
    secret_params: Mapping[str, str],
    dedup_key: str | None,
    now: datetime,
    quiet: QuietHours,
) -> Message:
    """Send (urgent) or queue one message; the same ``dedup_key`` answers the first message."""
    person = await contacts.recipient(uow, user_id) if user_id else None
    address = to or _address_of(person, channel)
    if address is None and channel != "in_app":
        raise NoContact(f"No {channel} address is known for this user", field="to")
    recipient_key = str(user_id) if user_id else (address or "")
    key = dedup_key or f"direct:{uuid4()}"
    existing = await _existing(uow, key, recipient_key, channel)
    if existing is not None:
        return existing
    name = (person.full_name if person else None) or DEFAULT_NAMES.get(locale, "Kak")
    params = {"name": name, **params}
    if not kind.sent_within_request:
        chosen = [channel]
        if user_id and not kind.urgent:
            chosen = await preferences.enabled_channels(
                uow, user_id=user_id, category=kind.category, channels=[channel]
            )
        ids = await enqueue(
            uow,
            kind=kind,
            target=Target(recipient_key, locale, user_id=user_id, to_address=to),
            channels=chosen,
            params=params,
            source=Source(dedup_key=key),
            now=now,
            quiet=quiet,
        )
        found = await uow.session.get(Message, ids[0]) if ids else None
        if found is None:
            raise NoContact(f"The user turned {channel} off for {kind.category}", field="channel")
        return found
    return await _send_now(
        uow,
        providers=providers,
        kind=kind,
        channel=channel,
        user_id=user_id,
        address=address or "",
        recipient_key=recipient_key,
        dedup_key=key,
        locale=locale,
        params=params,
        secret_params=secret_params,
        now=now,
    )


def _address_of(person: contacts.Recipient | None, channel: Channel) -> str | None:
    if person is None:
        return None
    return person.email if channel == "email" else person.phone


async def _existing(uow: UnitOfWork, key: str, recipient_key: str, channel: str) -> Message | None:
    query = select(Message).where(
        Message.dedup_key == key,
        Message.recipient_key == recipient_key,
        Message.channel == channel,
    )
    return (await uow.session.scalars(query)).first()


async def _send_now(
    uow: UnitOfWork,
    *,
    providers: Providers,
    kind: Kind,
    channel: Channel,
    user_id: UUID | None,
    address: str,
    recipient_key: str,
    dedup_key: str,
    locale: str,
    params: Mapping[str, Any],
    secret_params: Mapping[str, str],
    now: datetime,
) -> Message:
    sources = await templates.sources_for(uow, kind=kind.code, locale=locale)
    try:
        sent, stored = templates.render_sent_and_stored(
            kind, sources[channel], params, secret_params
        )
    except TemplateProblem as exc:
        # the parameters do not fill the template: the caller's mistake, said without values
        raise Unprocessable(str(exc).split(":")[0], field="params") from None
    message = Message(
        id=uuid4(),
        dedup_key=dedup_key,
        recipient_key=recipient_key,
        channel=channel,
        kind=kind.code,
        category=kind.category,
        urgent=True,
        user_id=user_id,
        to_address=address,
        locale=locale,
        subject=stored.subject,
        body=stored.body,
        html_body=stored.html_body,
        whatsapp_template=sources[channel][3] if channel == "whatsapp" else None,
        whatsapp_parameters=stored.whatsapp_parameters,
        segments=segment_count(sent.body) if channel == "sms" else None,
        status="sending",
        attempts=0,
        created_at=now,
    )
    uow.session.add(message)
    await uow.session.flush()  # before its attempts (no ORM relationship orders the inserts)
    outgoing = Outgoing(
        message_id=message.id,
        kind=kind.code,
        channel=channel,
        locale=locale,
        body=sent.body,
        to=address,
        subject=sent.subject,
        html_body=sent.html_body,
        whatsapp_template=message.whatsapp_template,
        whatsapp_parameters=tuple(sent.whatsapp_parameters),
    )
    result = SendResult("none", ok=False, error="no provider for channel", retryable=False)
    for provider in providers.chain(channel):
        message.attempts += 1
        result = await provider.send(outgoing)
        uow.session.add(
            DeliveryAttempt(
                message_id=message.id,
                attempt=message.attempts,
                provider=provider.name,
                outcome="sent" if result.ok else "failed",
                status_code=result.status_code,
                error=result.error,
                attempted_at=now,
            )
        )
        if result.ok or not result.retryable:
            break
    facts = message_events.MessageFacts(message.id, user_id, channel, kind.code, None, None, None)
    message.provider = result.provider
    if result.ok:
        message.status, message.sent_at = "sent", now
        message.provider_message_id = result.provider_message_id
        event: Any = message_events.sent(
            facts,
            provider=result.provider,
            provider_message_id=result.provider_message_id,
            attempt=message.attempts,
            at=now,
        )
    else:
        message.status, message.failed_at = "failed", now
        message.last_error = result.error
        event = message_events.failed(
            facts,
            provider=result.provider,
            attempt=message.attempts,
            error=result.error or "failed",
            will_retry=False,
            at=now,
        )
    await uow.outbox.add(event, aggregate_id=message.id)
    return message


def raise_if_failed(message: Message) -> None:
    """After the commit: a failed urgent send is the caller's 502 (it should tell its user)."""
    if message.urgent and message.status == "failed":
        raise DeliveryFailed(f"No {message.channel} provider accepted the message")
