"""Delivery receipts from the providers' webhooks: a sent message becomes delivered (or failed).

Receipts may come twice or out of order (``delivered`` after ``read``); a message only moves
forward — sent → delivered — and a ``failed`` receipt (a bounce, an undeliverable number) ends it
with ``notification.failed``. A receipt for an unknown message is kept and otherwise ignored;
one that overtakes our record of the send (a fast provider) is kept and applied when the send is
recorded.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal
from uuid import UUID

from sqlalchemy import select, text

from api.kit.uow import UnitOfWork
from api.notification.models import Message, Receipt
from api.notification.service import events as message_events

ReceiptStatus = Literal["sent", "delivered", "read", "failed"]


async def apply(
    uow: UnitOfWork,
    *,
    provider: str,
    status: ReceiptStatus,
    now: datetime,
    provider_message_id: str | None = None,
    message_id: UUID | None = None,
    error: str | None = None,
    detail: dict[str, Any] | None = None,
) -> str:
    """Apply one receipt; answers ``applied``, ``duplicate`` or ``unknown``."""
    message = await _find(uow, provider, provider_message_id, message_id)
    receipt = Receipt(
        provider=provider,
        provider_message_id=provider_message_id,
        message_id=message.id if message else None,
        status=status,
        detail=detail,
        received_at=now,
        applied=message is not None and message.status not in ("queued", "sending"),
    )
    uow.session.add(receipt)
    if message is None:
        return "unknown"
    if message.status in ("queued", "sending"):
        # the receipt overtook our own record of the send: the next delivery round applies it
        return "pending"
    if message.status in ("failed",) or status == "sent":
        return "duplicate"
    if status == "failed":
        message.status = "failed"
        message.failed_at = now
        message.last_error = (error or "undeliverable")[:500]
        facts = message_events.MessageFacts.of(
            {name: getattr(message, name) for name in message_events.FACT_COLUMNS}
        )
        await uow.outbox.add(
            message_events.failed(
                facts,
                provider=provider,
                attempt=message.attempts,
                error=message.last_error,
                will_retry=False,
                at=now,
            ),
            aggregate_id=message.id,
        )
        return "applied"
    if message.status == "delivered":
        return "duplicate"
    message.status = "delivered"
    message.delivered_at = now
    return "applied"


async def _find(
    uow: UnitOfWork, provider: str, provider_message_id: str | None, message_id: UUID | None
) -> Message | None:
    if message_id is not None:
        found = await uow.session.get(Message, message_id, with_for_update=True)
        if found is not None:
            return found
    if not provider_message_id:
        return None
    query = (
        select(Message)
        .where(Message.provider == provider, Message.provider_message_id == provider_message_id)
        .with_for_update()
    )
    return (await uow.session.scalars(query)).first()


_SWEEP = text(
    """
    WITH matched AS (
        UPDATE messages m SET status = 'delivered', delivered_at = r.received_at
        FROM receipts r
        WHERE NOT r.applied AND r.received_at > :since AND r.status IN ('delivered', 'read')
          AND m.status = 'sent'
          AND (r.message_id = m.id
               OR (r.provider = m.provider AND r.provider_message_id = m.provider_message_id))
        RETURNING r.id
    )
    UPDATE receipts SET applied = true WHERE id IN (SELECT id FROM matched)
    """
)


async def apply_stray(uow: UnitOfWork, *, now: datetime) -> None:
    """Apply receipts that overtook our record of the send (a fast provider answers before the
    delivery job commits): each delivery round matches the last day's unapplied ones."""
    await uow.session.execute(_SWEEP, {"since": now - timedelta(days=1)})
