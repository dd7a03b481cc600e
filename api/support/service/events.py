"""Building ``ticket.*`` payloads from a ticket and adding them to the unit of work's outbox."""

from __future__ import annotations

from typing import Any

from api.events.base import EventPayload
from api.kit.uow import UnitOfWork
from api.support.models import Ticket


def shared(ticket: Ticket) -> dict[str, Any]:
    """The fields every ticket event carries, from the ticket as it is now."""
    return {
        "ticket_id": ticket.id,
        "ticket_number": ticket.number,
        "user_id": ticket.user_id,
        "order_id": ticket.order_id,
        "category": ticket.category,
        "priority": ticket.priority,
    }


async def publish(
    uow: UnitOfWork, ticket: Ticket, event: type[EventPayload], **fields: Any
) -> None:
    """Announce ``event`` about ``ticket`` in the same transaction as the change."""
    await uow.outbox.add(event(**shared(ticket), **fields), aggregate_id=ticket.id)
