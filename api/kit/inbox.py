"""The inbox: which events a consumer has already applied, so a redelivery has no second effect."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.bulk import insert_rows
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


async def claim_many(
    session: AsyncSession, events: Sequence[tuple[UUID, str]], *, consumer: str
) -> set[UUID]:
    """Mark every ``(event_id, event_type)`` processed by ``consumer``, in one statement.

    Returns the ids claimed now; those already processed (or repeated in ``events``) are not in
    it. Same transaction rule as :func:`claim`: the handler's writes commit with the claims.
    """
    if not events:
        return set()
    rows = [
        {"event_id": event_id, "consumer": consumer, "event_type": event_type}
        for event_id, event_type in events
    ]
    result = await insert_rows(
        session,
        processed_events,
        rows,
        on_conflict_do_nothing="(event_id, consumer)",
        returning=["event_id"],
    )
    return {row.event_id for row in result}
