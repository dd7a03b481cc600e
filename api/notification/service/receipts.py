"""Delivery receipts from the providers' webhooks: a sent message becomes delivered (or failed).

Receipts may come twice or out of order (``delivered`` after ``read``); a message only moves
forward — sent → delivered — and a ``failed`` receipt (a bounce, an undeliverable number) ends it
with ``notification.failed``. A receipt for an unknown message is kept and otherwise ignored;
one that overtakes our record of the send (a fast provider) is kept and applied when the send is
recorded.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from sqlalchemy import and_, or_, select, update

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
    uow.session.add(
        Receipt(
            provider=provider,
            provider_message_id=provider_message_id,
            message_id=message.id if message else None,
            status=status,
            detail=detail,
            received_at=now,
        )
    )
    if message is None:
        return "unknown"
    if message.status in ("queued", "sending"):
        # the receipt overtook our own record of the send: it is applied when that lands
        return "pending"
    if message.status in ("failed",) or status == "sent":
        return "duplicate"
    if status == "failed":
        message.status = "failed"
        message.failed_at = now
        message.last_error = (error or "undeliverable")[:500]
        facts = message_events.MessageFacts(
            id=message.id,
            user_id=message.user_id,
            channel=message.channel,  # type: ignore[arg-type]
            kind=message.kind,
            source_event_id=message.source_event_id,
            source_event_type=message.source_event_type,
            source_occurred_at=message.source_occurred_at,
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


async def apply_early(uow: UnitOfWork, message_ids: list[UUID]) -> None:
    """Apply delivered receipts that arrived before the send was recorded (a fast provider)."""
    if not message_ids:
        return
    await uow.session.execute(
        update(Message)
        .where(
            Message.id.in_(message_ids),
            Message.status == "sent",
            Receipt.status.in_(("delivered", "read")),
            or_(
                Receipt.message_id == Message.id,
                and_(
                    Receipt.provider == Message.provider,
                    Receipt.provider_message_id == Message.provider_message_id,
                ),
            ),
        )
        .values(status="delivered", delivered_at=Receipt.received_at)
        .execution_options(synchronize_session=False)
    )
