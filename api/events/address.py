"""``address.*`` events, produced by the address service onto ``address.events``."""

from __future__ import annotations

from uuid import UUID

from pydantic import AwareDatetime

from api.events.base import EventPayload
from api.events.values import AddressSnapshot


class AddressCreated(EventPayload, event_type="address.created", aggregate_type="address"):
    """A user saved a new (validated) address."""

    user_id: UUID
    address: AddressSnapshot
    label: str | None
    is_default: bool
    created_at: AwareDatetime


class AddressUpdated(EventPayload, event_type="address.updated", aggregate_type="address"):
    """A user changed an address or it became (or stopped being) their default."""

    user_id: UUID
    address: AddressSnapshot
    label: str | None
    is_default: bool
    changed_fields: list[str]
    updated_at: AwareDatetime
