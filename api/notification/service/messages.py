"""Turning a happening into messages: one per (source, recipient, channel), at most once.

The consumer decides who hears about an event; this module decides on which channels (the
recipient's preferences and what they can be reached on), renders each channel's template,
holds non-urgent messages through quiet hours, and inserts the rows with ``ON CONFLICT DO
NOTHING`` on (source, recipient, channel) — a redelivered event inserts nothing. In-app messages
need no provider: they are in the inbox the moment they are written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy.dialects.postgresql import insert

from api.events.values import Channel
from api.kit.uow import UnitOfWork
from api.notification.kinds import Kind
from api.notification.models import Message
from api.notification.service import contacts, preferences, templates
from api.notification.service import events as message_events
from api.notification.service.quiet_hours import held_until
from api.notification.templates.segments import segment_count

DEFAULT_NAMES = {"id": "Kak", "en": "there"}


@dataclass(frozen=True, slots=True)
class Source:
    """What caused the messages: an event (its id is the dedup key) or a direct request."""

    dedup_key: str
    event_id: UUID | None = None
    event_type: str | None = None
    occurred_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """Who receives them."""

    recipient_key: str
    locale: str = "id"
    user_id: UUID | None = None
    supplier_id: UUID | None = None
    to_address: str | None = None  # fixed by the caller; else resolved at delivery


@dataclass(frozen=True, slots=True)
class QuietHours:
    start_hour: int = 22
    end_hour: int = 8


async def enqueue(
    uow: UnitOfWork,
    *,
    kind: Kind,
    target: Target,
    channels: Sequence[Channel],
    params: Mapping[str, Any],
    source: Source,
    now: datetime,
    quiet: QuietHours,
) -> list[UUID]:
    """Insert one message per channel (skipping those that exist); returns the new ids."""
    sources = await templates.sources_for(uow, kind=kind.code, locale=target.locale)
    hold = (
        None
        if kind.urgent
        else held_until(now, start_hour=quiet.start_hour, end_hour=quiet.end_hour)
    )
    rows: list[dict[str, Any]] = []
    for channel in channels:
        template = sources.get(channel)
        if template is None:
            continue
        rendered = templates.render_parts(template, params)
        in_app = channel == "in_app"
        # in-app messages make no sound, so quiet hours do not hold them back
        wait = None if in_app else hold
        rows.append(
            {
                "id": uuid4(),
                "dedup_key": source.dedup_key,
                "recipient_key": target.recipient_key,
                "channel": channel,
                "kind": kind.code,
                "category": kind.category,
                "urgent": kind.urgent,
                "user_id": target.user_id,
                "supplier_id": target.supplier_id,
                "to_address": target.to_address,
                "locale": target.locale,
                "subject": rendered.subject,
                "body": rendered.body,
                "html_body": rendered.html_body,
                "whatsapp_template": template[3] if channel == "whatsapp" else None,
                "whatsapp_parameters": rendered.whatsapp_parameters,
                "segments": segment_count(rendered.body) if channel == "sms" else None,
                "status": "delivered" if in_app else "queued",
                "attempts": 1 if in_app else 0,
                "provider": "in_app" if in_app else None,
                "next_attempt_at": None if in_app else (wait or now),
                "held_until": wait,
                "source_event_id": source.event_id,
                "source_event_type": source.event_type,
                "source_occurred_at": source.occurred_at,
                "created_at": now,
                "sent_at": now if in_app else None,
                "delivered_at": now if in_app else None,
            }
        )
    if not rows:
        return []
    result = await uow.session.execute(
        insert(Message)
        .values(rows)
        .on_conflict_do_nothing(constraint="uq_messages_once")
        .returning(Message.id, Message.channel)
    )
    inserted = result.all()
    in_app_ids = {row.id for row in inserted if row.channel == "in_app"}
    if in_app_ids:
        await uow.outbox.add_all(
            [
                (
                    message_events.sent(
                        facts(row), provider="in_app", provider_message_id=None, attempt=1, at=now
                    ),
                    row["id"],
                )
                for row in rows
                if row["id"] in in_app_ids
            ]
        )
    return [row.id for row in inserted]


def facts(row: Mapping[str, Any]) -> message_events.MessageFacts:
    return message_events.MessageFacts(
        id=row["id"],
        user_id=row["user_id"],
        channel=row["channel"],
        kind=row["kind"],
        source_event_id=row["source_event_id"],
        source_event_type=row["source_event_type"],
        source_occurred_at=row["source_occurred_at"],
    )


async def notify_user(
    uow: UnitOfWork,
    *,
    kind: Kind,
    user_id: UUID,
    params: Mapping[str, Any],
    source: Source,
    now: datetime,
    quiet: QuietHours,
) -> list[UUID]:
    """Tell one user: on the channels they chose and can be reached on."""
    person = await contacts.recipient(uow, user_id)
    locale = person.locale if person else "id"
    chosen = await preferences.enabled_channels(
        uow, user_id=user_id, category=kind.category, channels=kind.channels
    )
    has_devices = "push" in chosen and bool(await contacts.active_tokens(uow, user_id))
    channels = [c for c in chosen if _reachable(c, person, has_devices)]
    name = (person.full_name if person else None) or DEFAULT_NAMES.get(locale, "Kak")
    return await enqueue(
        uow,
        kind=kind,
        target=Target(recipient_key=str(user_id), locale=locale, user_id=user_id),
        channels=channels,
        params={"name": name, **params},
        source=source,
        now=now,
        quiet=quiet,
    )


def _reachable(channel: Channel, person: contacts.Recipient | None, has_devices: bool) -> bool:
    """Whether ``channel`` can reach the user. A user not learned yet (their ``user.registered``
    not consumed) may still get email: the address is looked up again at delivery."""
    if channel == "in_app":
        return True
    if channel == "push":
        return has_devices
    if person is None:
        return channel == "email"
    if channel == "email":
        return bool(person.email)
    return bool(person.phone)
