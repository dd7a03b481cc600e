"""``notification.sent`` / ``notification.failed`` for a message (never its content)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from api.events.notification import NotificationFailed, NotificationSent
from api.events.values import Channel


@dataclass(frozen=True, slots=True)
class MessageFacts:
    """What an event says about a message: identity and source, no body, no address."""

    id: UUID
    user_id: UUID | None
    channel: Channel
    kind: str
    source_event_id: UUID | None
    source_event_type: str | None
    source_occurred_at: datetime | None


def sent(
    facts: MessageFacts,
    *,
    provider: str,
    provider_message_id: str | None,
    attempt: int,
    at: datetime,
) -> NotificationSent:
    return NotificationSent(
        notification_id=facts.id,
        user_id=facts.user_id,
        channel=facts.channel,
        template_code=facts.kind,
        source_event_id=facts.source_event_id,
        source_event_type=facts.source_event_type,
        source_occurred_at=facts.source_occurred_at,
        provider=provider,
        attempt=attempt,
        provider_message_id=provider_message_id,
        sent_at=at,
    )


def failed(
    facts: MessageFacts, *, provider: str, attempt: int, error: str, will_retry: bool, at: datetime
) -> NotificationFailed:
    return NotificationFailed(
        notification_id=facts.id,
        user_id=facts.user_id,
        channel=facts.channel,
        template_code=facts.kind,
        source_event_id=facts.source_event_id,
        source_event_type=facts.source_event_type,
        source_occurred_at=facts.source_occurred_at,
        provider=provider,
        attempt=attempt,
        error=error[:500],
        will_retry=will_retry,
        failed_at=at,
    )
