"""Recipients not learnt yet: asked of auth when a message to them is about to be sent.

A message may be written before its recipient's ``user.registered`` is consumed (the events of
different users are on different partitions). When the delivery job claims a message with no
address, it asks auth (``GET /internal/auth/users/{id}``, with the internal key) and keeps what
it learns in the ``recipients`` read model, as the event would have. A user auth does not know
is recorded as not sent (the reason on the message, no retry); when auth cannot be reached the
message goes back to the queue for later, its attempt not counted, so an outage of auth
delays messages and drops none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

from api.kit.client import ServiceClient
from api.kit.errors import UpstreamError
from api.kit.uow import UnitOfWork, UnitOfWorkFactory
from api.notification.service import contacts, outcomes

if TYPE_CHECKING:
    from api.notification.service.delivery import Claimed, RetryPolicy

ADDRESSED = ("email", "sms", "whatsapp")
UNKNOWN_USER = "recipient unknown to auth"


@dataclass(frozen=True, slots=True)
class Contact:
    user_id: UUID
    email: str | None
    phone: str | None
    full_name: str | None
    role: str


class Unreachable(Exception):
    """The directory could not answer (auth down, timing out, failing)."""


class Directory(Protocol):
    async def lookup(self, user_id: UUID) -> Contact | None:
        """The user's contacts, None when there is no such user; raises :class:`Unreachable`."""
        ...

    async def aclose(self) -> None: ...


class AuthDirectory:
    """Auth's internal user read."""

    def __init__(self, client: ServiceClient) -> None:
        self._client = client

    async def lookup(self, user_id: UUID) -> Contact | None:
        try:
            response = await self._client.get(f"/internal/auth/users/{user_id}")
        except UpstreamError as error:  # UpstreamTimeout is one
            raise Unreachable(str(error)) from error
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise Unreachable(f"auth answered {response.status_code}")
        body = response.json()
        return Contact(
            user_id=user_id,
            email=body.get("email"),
            phone=body.get("phone"),
            full_name=body.get("full_name"),
            role=str(body.get("role") or "customer"),
        )

    async def aclose(self) -> None:
        await self._client.aclose()


async def resolve(
    uow_factory: UnitOfWorkFactory,
    claimed: Sequence[Claimed],
    directory: Directory,
    *,
    now: datetime,
    policy: RetryPolicy,
) -> list[Claimed]:
    """``claimed`` with the addresses of users auth knows filled in (and remembered); users it
    does not know marked unreachable; the messages of an unanswered lookup handed back to the
    queue, due after the backoff of their attempt, and left out of what is returned."""
    missing = sorted(
        {
            c.facts.user_id
            for c in claimed
            if c.facts.user_id is not None
            and not c.outgoing.to
            and c.outgoing.channel in ADDRESSED
            and c.unreachable is None
        }
    )
    if not missing:
        return list(claimed)
    found: dict[UUID, Contact | None] = {}
    unanswered: set[UUID] = set()
    for user_id in missing:
        try:
            found[user_id] = await directory.lookup(user_id)
        except Unreachable:
            unanswered.add(user_id)
    if any(found.values()):
        async with uow_factory() as uow:
            for contact in found.values():
                if contact is not None:
                    await _remember(uow, contact, at=now)
            await uow.commit()
    kept: list[Claimed] = []
    later: list[Claimed] = []
    for item in claimed:
        recipient = item.facts.user_id
        asked = recipient in found or recipient in unanswered
        if (
            recipient is None
            or not asked
            or item.outgoing.to
            or item.outgoing.channel not in ADDRESSED
        ):
            kept.append(item)
        elif recipient in unanswered:
            later.append(item)
        elif (contact := found.get(recipient)) is None:
            kept.append(replace(item, unreachable=UNKNOWN_USER))
        else:
            to = contact.email if item.outgoing.channel == "email" else contact.phone
            kept.append(replace(item, outgoing=replace(item.outgoing, to=to)))
    if later:
        async with uow_factory() as uow:
            # due again after the backoff of the attempt they were claimed for (not counted)
            for item in later:
                await outcomes.release(uow, [item], now=now + policy.backoff(item.attempt))
            await uow.commit()
    return kept


async def _remember(uow: UnitOfWork, contact: Contact, *, at: datetime) -> None:
    """Into the read model as ``user.registered`` would have put it (a later event still wins:
    contact rows are upserted in the order things arrive)."""
    values = {
        "email": contact.email,
        "phone": contact.phone,
        "full_name": contact.full_name,
        "role": contact.role,
        "updated_at": at,
    }
    await contacts.upsert_recipient(uow, contact.user_id, values)
