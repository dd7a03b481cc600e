"""The inbox: which events a consumer has already applied, so a redelivery has no second effect."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.tables import processed_events


async def claim(session: AsyncSession, *, event_id: UUID, consumer: str, event_type: str) -> bool:
    """Mark ``event_id`` processed by ``consumer`` in the current transaction.

    Returns False when it already was: the caller then skips the handler. Because the claim and
    the handler's writes share one transaction, a crash between them leaves neither behind.
    """
    result = await session.execute(
        insert(processed_events)
        .values(event_id=event_id, consumer=consumer, event_type=event_type)
        .on_conflict_do_nothing(index_elements=["event_id", "consumer"])
        .returning(processed_events.c.event_id)
    )
    return result.first() is not None
