"""The ticket status machine of DOMAIN.md, as pure data (no I/O, no framework).

    open → in_progress → waiting_customer → resolved → closed
    open | in_progress | waiting_customer → resolved
    waiting_customer → in_progress                 (the customer answered)
    resolved → in_progress | open                  (the customer replied: reopened)
    resolved → closed                              (an agent, or 7 days after resolution)

The clock pauses while a ticket waits for the customer and while it is resolved; active
tickets (open, in progress, waiting) count towards an agent's load.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from api.support.errors import IllegalTransition


class Status(StrEnum):
    open = "open"
    in_progress = "in_progress"
    waiting_customer = "waiting_customer"
    resolved = "resolved"
    closed = "closed"


S = Status

TRANSITIONS: Mapping[Status, frozenset[Status]] = {
    S.open: frozenset({S.in_progress, S.waiting_customer, S.resolved}),
    S.in_progress: frozenset({S.open, S.waiting_customer, S.resolved}),
    S.waiting_customer: frozenset({S.open, S.in_progress, S.resolved}),
    S.resolved: frozenset({S.open, S.in_progress, S.closed}),
    S.closed: frozenset(),
}

PAUSED = frozenset({S.waiting_customer, S.resolved})
# the clock stands still while paused, and for good once closed
CLOCK_STOPPED = PAUSED | {S.closed}
ACTIVE = frozenset({S.open, S.in_progress, S.waiting_customer})
# where an agent may move a ticket by hand (reopening is the customer's reply)
AGENT_TARGETS = frozenset({S.in_progress, S.waiting_customer, S.resolved, S.closed})


def advance(current: Status | str, target: Status | str) -> Status:
    """``target`` if ``current → target`` is a move of the machine; else 409."""
    if Status(target) not in TRANSITIONS[Status(current)]:
        raise IllegalTransition(str(current), str(target))
    return Status(target)


def after_customer_reply(current: Status | str, *, assigned: bool) -> Status | None:
    """Where a customer's reply takes the ticket (None: it stays), 409 once closed."""
    status = Status(current)
    if status is S.closed:
        raise IllegalTransition(
            status, S.open, detail="A closed ticket takes no replies; open a new one"
        )
    if status in (S.waiting_customer, S.resolved):
        return S.in_progress if assigned else S.open
    return None
