"""Outbox rows as the relay publishes them: for tests that move events without Kafka."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.events import Envelope


def envelope_of(row: Mapping[str, Any], producer: str) -> Envelope:
    """The envelope of one ``outbox`` row (DESIGN §4), as the relay would build it."""
    return Envelope(
        event_id=row["event_id"],
        event_type=row["event_type"],
        event_version=row["headers"]["event_version"],
        aggregate_type=row["aggregate_type"],
        aggregate_id=row["aggregate_id"],
        occurred_at=row["created_at"],
        producer=producer,
        payload=row["payload"],
    )
