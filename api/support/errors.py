"""The support service's exceptions, subclasses of the kit's tree (mapped to problem+json once).

NotFound
 ├── TicketNotFound              no such ticket, or not the caller's (customers never learn which)
 ├── AgentNotFound               no support agent with this user id
 └── FaqNotFound
Forbidden
 └── NotInQueue                  an agent acting on a ticket outside their categories
Conflict
 ├── IllegalTransition           the status machine forbids the move
 ├── AgentAtCapacity             the agent already has the maximum of active tickets
 └── AlreadyRated                CSAT is given once
Unprocessable                    422 naming the field (kit)
"""

from __future__ import annotations

from uuid import UUID

from api.kit.errors import Conflict, Forbidden, NotFound


class TicketNotFound(NotFound):
    def __init__(self, ticket_id: UUID) -> None:
        super().__init__(f"Ticket {ticket_id} does not exist")


class AgentNotFound(NotFound):
    def __init__(self, user_id: UUID) -> None:
        super().__init__(f"No support agent with user id {user_id}")


class FaqNotFound(NotFound):
    def __init__(self, faq_id: UUID) -> None:
        super().__init__(f"FAQ {faq_id} does not exist")


class NotInQueue(Forbidden):
    slug, title = "not-in-queue", "Not in this queue"

    def __init__(self, category: str) -> None:
        super().__init__(
            f"This ticket is in the {category!r} queue, which you do not work",
            errors=[{"field": "category", "message": "not one of your queues"}],
        )


class IllegalTransition(Conflict):
    slug, title = "illegal-transition", "Illegal status transition"

    def __init__(self, current: str, target: str, *, detail: str | None = None) -> None:
        super().__init__(
            detail or f"A ticket cannot go from {current} to {target}",
            current_status=str(current),
            requested_status=str(target),
        )


class AgentAtCapacity(Conflict):
    slug, title = "agent-at-capacity", "Agent at capacity"

    def __init__(self, limit: int) -> None:
        super().__init__(f"The agent already works {limit} active tickets")


class AlreadyRated(Conflict):
    slug, title = "already-rated", "Already rated"

    def __init__(self) -> None:
        super().__init__("This ticket has already been rated")
