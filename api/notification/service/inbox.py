"""The in-app inbox of every user: their in-app messages, unread counts, marking read."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select, update

from api.kit.uow import UnitOfWork
from api.notification.errors import NotificationNotFound
from api.notification.models import Message

_IN_APP = Message.channel == "in_app"


async def page(
    uow: UnitOfWork, *, user_id: UUID, unread_only: bool, offset: int, limit: int
) -> tuple[list[Message], int]:
    """The caller's in-app messages, newest first, and how many there are."""
    where = [_IN_APP, Message.user_id == user_id]
    if unread_only:
        where.append(Message.read_at.is_(None))
    total = int(
        await uow.session.scalar(select(func.count()).select_from(Message).where(*where)) or 0
    )
    rows = await uow.session.scalars(
        select(Message)
        .where(*where)
        .order_by(Message.created_at.desc(), Message.id)
        .offset(offset)
        .limit(limit)
    )
    return list(rows.all()), total


async def unread_count(uow: UnitOfWork, *, user_id: UUID) -> int:
    query = (
        select(func.count())
        .select_from(Message)
        .where(_IN_APP, Message.user_id == user_id, Message.read_at.is_(None))
    )
    return int(await uow.session.scalar(query) or 0)


async def mark_read(uow: UnitOfWork, *, user_id: UUID, message_id: UUID, now: datetime) -> Message:
    """Mark one of the caller's messages read (404 for anyone else's, so ids reveal nothing)."""
    message = await uow.session.get(Message, message_id, with_for_update=True)
    if message is None or message.user_id != user_id or message.channel != "in_app":
        raise NotificationNotFound("No such notification")
    if message.read_at is None:
        message.read_at = now
    return message


async def mark_all_read(uow: UnitOfWork, *, user_id: UUID, now: datetime) -> int:
    result = await uow.session.execute(
        update(Message)
        .where(_IN_APP, Message.user_id == user_id, Message.read_at.is_(None))
        .values(read_at=now)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
