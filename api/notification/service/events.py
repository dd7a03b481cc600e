"""``notification.sent`` / ``notification.failed`` for a message (never its content)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from api.events.notification import NotificationFailed, NotificationSent
from api.events.values import Channel

FACT_COLUMNS = (
    "id",
    "user_id",
    "channel",
    "kind",
    "source_event_id",
    "source_event_type",
    "source_occurred_at",
)


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

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> MessageFacts:
        """The facts of a message row (a mapping of at least :data:`FACT_COLUMNS`)."""
        return cls(**{name: row[name] for name in FACT_COLUMNS})

    def fields(self, *, provider: str, attempt: int) -> dict[str, Any]:
        """What ``notification.sent`` and ``notification.failed`` both say."""
        return {
            "notification_id": self.id,
            "user_id": self.user_id,
            "channel": self.channel,
            "template_code": self.kind,
            "source_event_id": self.source_event_id,
            "source_event_type": self.source_event_type,
            "source_occurred_at": self.source_occurred_at,
            "provider": provider,
            "attempt": attempt,
        }


def sent(
    facts: MessageFacts,
    *,
    provider: str,
    provider_message_id: str | None,
    attempt: int,
    at: datetime,
) -> NotificationSent:
    return NotificationSent(
        **facts.fields(provider=provider, attempt=attempt),
        provider_message_id=provider_message_id,
        sent_at=at,
    )


def failed(
    facts: MessageFacts, *, provider: str, attempt: int, error: str, will_retry: bool, at: datetime
) -> NotificationFailed:
    return NotificationFailed(
        **facts.fields(provider=provider, attempt=attempt),
        error=error[:500],
        will_retry=will_retry,
        failed_at=at,
    )
