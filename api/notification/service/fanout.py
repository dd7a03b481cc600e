"""From notices to messages: who exactly, on which channels, for a whole batch at once.

A consumer turns each event into :class:`Notice` s — tell this user, every user with this role,
or this supplier — without touching the database. :func:`notify` then reads what it needs for
ALL the notices of a batch with one query each (recipients, their preferences, who has a push
device, suppliers, staff by role; the templates in :func:`messages.write`) and writes every
message with one statement. The channels of a user's message are the kind's channels their
preferences allow and that can reach them; a supplier is written to on the kind's channels
(WhatsApp for an approved PO).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from api.events.values import Channel
from api.kit.uow import UnitOfWork
from api.notification.kinds import Kind
from api.notification.models import Recipient, Supplier
from api.notification.service import contacts, preferences
from api.notification.service.messages import (
    DEFAULT_NAMES,
    Planned,
    QuietHours,
    Source,
    Target,
    write,
)


@dataclass(frozen=True, slots=True)
class Notice:
    """Something to tell someone: exactly one of ``user_id``, ``role`` or ``supplier_id``."""

    kind: Kind
    source: Source
    params: Mapping[str, Any] = field(default_factory=dict)
    user_id: UUID | None = None
    role: str | None = None  # every user who has it (warehouse staff for low stock)
    supplier_id: UUID | None = None
    # a supplier's number as the event carried it: used when its own ``supplier.*`` has not
    # been learned yet (the read model's number wins once it is known)
    address: str | None = None


@dataclass(frozen=True, slots=True)
class _Known:
    """What one batch needs to know about its recipients, read once."""

    people: Mapping[UUID, Recipient]
    matrices: Mapping[UUID, preferences.Matrix]
    with_devices: frozenset[UUID]
    suppliers: Mapping[UUID, Supplier]


async def notify(
    uow: UnitOfWork, notices: Sequence[Notice], *, now: datetime, quiet: QuietHours
) -> list[UUID]:
    """Write the messages of every notice (existing ones are skipped); the new messages' ids."""
    expanded = await _expand_roles(uow, notices)
    user_ids = {n.user_id for n in expanded if n.user_id is not None}
    wants_push = {
        n.user_id for n in expanded if n.user_id is not None and "push" in n.kind.channels
    }
    known = _Known(
        people=await contacts.recipients(uow, user_ids),
        matrices=await preferences.effective_many(uow, user_ids),
        with_devices=frozenset(await contacts.active_tokens(uow, wants_push)),
        suppliers=await contacts.suppliers(
            uow, {n.supplier_id for n in expanded if n.supplier_id is not None}
        ),
    )
    planned = [p for n in expanded if (p := _plan(n, known)) is not None]
    return await write(uow, planned, now=now, quiet=quiet)


async def _expand_roles(uow: UnitOfWork, notices: Sequence[Notice]) -> list[Notice]:
    """A notice to a role becomes one notice per user who has it (a query per role)."""
    staff: dict[str, list[UUID]] = {}
    for role in sorted({n.role for n in notices if n.role}):
        staff[role] = [person.user_id for person in await contacts.staff_with_role(uow, role)]
    expanded: list[Notice] = []
    for n in notices:
        if n.role is None:
            expanded.append(n)
            continue
        expanded.extend(
            Notice(n.kind, n.source, n.params, user_id=user_id) for user_id in staff[n.role]
        )
    return expanded


def _plan(notice: Notice, known: _Known) -> Planned | None:
    if notice.supplier_id is not None:
        return _plan_supplier(notice, known.suppliers.get(notice.supplier_id), notice.supplier_id)
    assert notice.user_id is not None
    user_id = notice.user_id
    person = known.people.get(user_id)
    locale = person.locale if person else "id"
    chosen = preferences.allowed(
        known.matrices[user_id], notice.kind.category, notice.kind.channels
    )
    channels = [c for c in chosen if _reachable(c, person, user_id in known.with_devices)]
    name = (person.full_name if person else None) or DEFAULT_NAMES.get(locale, "Kak")
    return Planned(
        kind=notice.kind,
        target=Target(recipient_key=str(user_id), locale=locale, user_id=user_id),
        channels=channels,
        params={"name": name, **notice.params},
        source=notice.source,
    )


def _plan_supplier(notice: Notice, vendor: Supplier | None, supplier_id: UUID) -> Planned:
    """A supplier is written to on the kind's channels (WhatsApp for a PO) whatever is known of
    it now: the address is resolved at delivery, where a known supplier without a number is
    recorded as not sent with the reason, and one not learned yet is waited for a few tries."""
    params = dict(notice.params)
    if vendor is not None:
        params["supplier_name"] = vendor.name
        params["name"] = vendor.contact_name or vendor.name
    params.setdefault("supplier_name", "-")
    params.setdefault("name", params["supplier_name"])
    known_number = vendor is not None and bool(vendor.whatsapp)
    channels: list[Channel] = list(notice.kind.channels)
    return Planned(
        kind=notice.kind,
        target=Target(
            recipient_key=f"supplier:{supplier_id}",
            supplier_id=supplier_id,
            to_address=None if known_number else notice.address,
        ),
        channels=channels,
        params=params,
        source=notice.source,
    )


def _reachable(channel: Channel, person: Recipient | None, has_devices: bool) -> bool:
    """Whether ``channel`` can reach the user. A user not learned yet (their ``user.registered``
    not consumed) may still get email: the address is looked up again at delivery."""
    if channel == "in_app":
        return True
    if channel == "push":
        return has_devices
    if person is None:
        return channel == "email"
    if channel == "email":
        return bool(person.email)
    return bool(person.phone)
