"""The outbox writer: events join the transaction of the change they announce.

A service never produces to Kafka itself. It adds catalog payloads to the unit of work's outbox;
the rows commit or roll back with the state change, and the relay publishes what committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from api.events.base import EventPayload
from api.kit.logging import correlation_id_var
from api.kit.tables import outbox


class OutboxWriter:
    """Adds events to the outbox table within the caller's session or connection (never
    commits)."""

    def __init__(self, session: AsyncSession | AsyncConnection, *, producer: str) -> None:
        self._session = session
        self._producer = producer
        self.added: list[UUID] = []

    async def add(
        self,
        payload: EventPayload,
        *,
        aggregate_id: UUID | str,
        correlation_id: UUID | str | None = None,
    ) -> UUID:
        """Record ``payload`` as an event of ``aggregate_id``; returns its event id."""
        (event_id,) = await self.add_all([(payload, aggregate_id)], correlation_id=correlation_id)
        return event_id

    async def add_all(
        self,
        events: Iterable[tuple[EventPayload, UUID | str]],
        *,
        correlation_id: UUID | str | None = None,
    ) -> list[UUID]:
        """Record several events in one statement, in order; returns their event ids."""
        rows = self.rows(events, correlation_id=correlation_id)
        if not rows:
            return []
        await self._session.execute(insert(outbox), rows)
        return self.written(rows)

    def rows(
        self,
        events: Iterable[tuple[EventPayload, UUID | str]],
        *,
        correlation_id: UUID | str | None = None,
    ) -> list[dict[str, Any]]:
        """The outbox rows of ``events``, for a caller that writes them within a statement of its
        own (then :meth:`written`), e.g. one that also writes the change they announce."""
        correlation = correlation_id or correlation_id_var.get()
        rows: list[dict[str, Any]] = []
        for payload, aggregate_id in events:
            event_id = uuid4()
            rows.append(
                {
                    "event_id": event_id,
                    "aggregate_type": payload.aggregate_type,
                    "aggregate_id": str(aggregate_id),
                    "event_type": payload.event_type,
                    "topic": payload.topic,
                    "payload": payload.model_dump(mode="json"),
                    "headers": {
                        "event_version": payload.event_version,
                        "producer": self._producer,
                        "correlation_id": str(correlation) if correlation else None,
                    },
                }
            )
        return rows

    def written(self, rows: list[dict[str, Any]]) -> list[UUID]:
        """Note rows from :meth:`rows` as written in this transaction; returns their event ids."""
        ids: list[UUID] = [row["event_id"] for row in rows]
        self.added.extend(ids)
        return ids
