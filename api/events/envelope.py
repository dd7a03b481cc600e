"""The event envelope of DESIGN §4, and how to parse one back into its typed payload."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Generic, TypeVar
from uuid import UUID, uuid4

import orjson
from pydantic import BaseModel, ConfigDict, Field

from api.events.base import EventPayload, registry

P = TypeVar("P", bound=EventPayload)


class UnknownEventType(LookupError):
    """An envelope names an event type the catalog does not know."""


class Envelope(BaseModel):
    """The JSON document on the wire: identity and routing around a payload."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: UUID = Field(default_factory=uuid4)
    event_type: str
    event_version: int
    aggregate_type: str
    aggregate_id: str
    occurred_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    producer: str
    correlation_id: UUID | None = None
    payload: dict[str, Any]


class Event(BaseModel, Generic[P]):
    """An envelope whose payload has been parsed and validated against the catalog."""

    model_config = ConfigDict(frozen=True)

    envelope: Envelope
    payload: P

    @property
    def event_id(self) -> UUID:
        return self.envelope.event_id

    @property
    def event_type(self) -> str:
        return self.envelope.event_type


def parse_envelope(raw: bytes | str) -> Envelope:
    """Validate the envelope fields of a raw message (the payload is not yet typed)."""
    return Envelope.model_validate(orjson.loads(raw))


def parse_event(raw: bytes | str) -> Event[EventPayload]:
    """Validate a raw message against the envelope and its payload against the catalog."""
    envelope = parse_envelope(raw)
    payload_type = registry().get(envelope.event_type)
    if payload_type is None:
        raise UnknownEventType(envelope.event_type)
    return Event[EventPayload](
        envelope=envelope, payload=payload_type.model_validate(envelope.payload)
    )


def build_envelope(
    payload: EventPayload,
    *,
    aggregate_id: UUID | str,
    producer: str,
    correlation_id: UUID | None = None,
    occurred_at: datetime | None = None,
) -> Envelope:
    """Wrap a catalog payload in an envelope (for tests and tools; services use the outbox)."""
    return Envelope(
        event_type=payload.event_type,
        event_version=payload.event_version,
        aggregate_type=payload.aggregate_type,
        aggregate_id=str(aggregate_id),
        producer=producer,
        correlation_id=correlation_id,
        occurred_at=occurred_at or datetime.now(UTC),
        payload=payload.model_dump(mode="json"),
    )
