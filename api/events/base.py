"""What every event payload is: a frozen pydantic model that knows its own type, version, topic.

A payload class declares its identity as class keywords::

    class OrderCreated(EventPayload, event_type="order.created", aggregate_type="order"):
        order_id: UUID
        ...

The topic is looked up from the event type's domain prefix (``order.*`` → ``order.events``), so a
payload cannot be published to the wrong topic. Every subclass registers itself in the catalog at
class-creation time; importing ``api.events`` imports every domain module, so the catalog is
always complete.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from api.events.topics import topic_for_event_type

_REGISTRY: dict[str, type[EventPayload]] = {}


class EventPayload(BaseModel):
    """Base of every event payload in the catalog."""

    # Producers and consumers of the same version must agree exactly: unknown fields are an error,
    # so a payload that drifts from the catalog fails a test instead of silently losing data.
    model_config = ConfigDict(extra="forbid", frozen=True)

    event_type: ClassVar[str]
    event_version: ClassVar[int]
    aggregate_type: ClassVar[str]
    topic: ClassVar[str]

    def __init_subclass__(
        cls,
        *,
        event_type: str | None = None,
        aggregate_type: str | None = None,
        version: int = 1,
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        if event_type is None:  # an abstract intermediate base, not a catalog entry
            return
        if aggregate_type is None:
            raise TypeError(f"{cls.__name__} must name its aggregate_type")
        if event_type in _REGISTRY:
            raise TypeError(f"event type {event_type!r} is declared twice")
        cls.event_type = event_type
        cls.event_version = version
        cls.aggregate_type = aggregate_type
        cls.topic = topic_for_event_type(event_type)
        _REGISTRY[event_type] = cls


def registry() -> dict[str, type[EventPayload]]:
    """The event type → payload class table (read-only by convention)."""
    return _REGISTRY
