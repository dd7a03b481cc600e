"""``notification.*`` events, produced by the notification service onto ``notification.events``."""

from __future__ import annotations

from uuid import UUID

from pydantic import AwareDatetime

from api.events.base import EventPayload
from api.events.values import Channel, Count


class _NotificationEvent(EventPayload):
    """Fields every notification event shares."""

    notification_id: UUID
    user_id: UUID | None
    channel: Channel
    template_code: str
    source_event_id: UUID | None
    source_event_type: str | None
    provider: str
    attempt: Count
    # when the event that caused the message happened (null for direct sends): the delivery
    # mart's "time from source event to send" needs no join back to the source
    source_occurred_at: AwareDatetime | None = None


class NotificationSent(
    _NotificationEvent, event_type="notification.sent", aggregate_type="notification"
):
    """A notification was handed to its provider successfully."""

    provider_message_id: str | None
    sent_at: AwareDatetime


class NotificationFailed(
    _NotificationEvent, event_type="notification.failed", aggregate_type="notification"
):
    """A notification attempt failed; ``will_retry`` says whether another attempt follows."""

    error: str
    will_retry: bool
    failed_at: AwareDatetime
