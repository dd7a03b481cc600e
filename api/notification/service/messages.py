"""Writing messages: one per (source, recipient, channel), at most once.

Who hears about what, and on which channels, is decided before (:mod:`service.fanout` for
events, :mod:`service.direct` for requests). This module renders each channel's template, holds
non-urgent messages through quiet hours, and inserts the rows of a whole batch in one statement
with ``ON CONFLICT DO NOTHING`` on (source, recipient, channel) — a redelivered event inserts
nothing. In-app messages need no provider: they are in the inbox the moment they are written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from uuid import UUID, uuid4

from sqlalchemy import Table

from api.events.values import Channel
from api.kit.bulk import insert_rows
from api.kit.uow import UnitOfWork
from api.notification.kinds import Kind
from api.notification.models import Message
from api.notification.service import events as message_events
from api.notification.service import templates
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


@dataclass(frozen=True, slots=True)
class Planned:
    """The messages of one source for one recipient: on these channels, with these values."""

    kind: Kind
    target: Target
    channels: Sequence[Channel]
    params: Mapping[str, Any]
    source: Source


async def write(
    uow: UnitOfWork, planned: Sequence[Planned], *, now: datetime, quiet: QuietHours
) -> list[UUID]:
    """Insert every planned message that does not exist yet (one statement); the new ids."""
    variants = await templates.sources_many(
        uow, {(p.kind.code, p.target.locale) for p in planned if p.channels}
    )
    rows = [
        row
        for p in planned
        if p.channels
        for row in _rows(p, variants[(p.kind.code, p.target.locale)], now=now, quiet=quiet)
    ]
    if not rows:
        return []
    result = await insert_rows(
        uow.session,
        cast(Table, Message.__table__),
        rows,
        on_conflict_do_nothing="uq_messages_once",
        returning=["id", "channel"],
    )
    inserted = result.all()
    in_app_ids = {row.id for row in inserted if row.channel == "in_app"}
    if in_app_ids:
        await uow.outbox.add_all(
            [
                (
                    message_events.sent(
                        message_events.MessageFacts.of(row),
                        provider="in_app",
                        provider_message_id=None,
                        attempt=1,
                        at=now,
                    ),
                    row["id"],
                )
                for row in rows
                if row["id"] in in_app_ids
            ]
        )
    return [row.id for row in inserted]


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
    return await write(uow, [Planned(kind, target, channels, params, source)], now=now, quiet=quiet)


def _rows(
    p: Planned,
    sources: Mapping[str, templates.TemplateSource],
    *,
    now: datetime,
    quiet: QuietHours,
) -> list[dict[str, Any]]:
    kind, target, source = p.kind, p.target, p.source
    hold = (
        None
        if kind.urgent
        else held_until(now, start_hour=quiet.start_hour, end_hour=quiet.end_hour)
    )
    rows: list[dict[str, Any]] = []
    for channel in p.channels:
        template = sources.get(channel)
        if template is None:
            continue
        rendered = templates.render_parts(template, p.params)
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
    return rows
