"""The order status machine of DOMAIN.md, as pure data and functions (no I/O, no framework).

    pending_payment → paid → processing → shipped → delivered → completed
    pending_payment → cancelled | expired
    paid | processing → cancelled                       (a refund follows)
    delivered → return_requested → returned → refunded  (everything came back)
    returned → completed                                (a partial return, once refunded:
                                                         the seller is paid for what was kept)
    delivered → completed                               (customer confirms, or 7 days pass)

Every other move is illegal: ``advance`` raises :class:`IllegalTransition` (409).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from api.order.errors import IllegalTransition


class Status(StrEnum):
    pending_payment = "pending_payment"
    paid = "paid"
    processing = "processing"
    shipped = "shipped"
    delivered = "delivered"
    completed = "completed"
    cancelled = "cancelled"
    expired = "expired"
    return_requested = "return_requested"
    returned = "returned"
    refunded = "refunded"


S = Status

TRANSITIONS: Mapping[Status, frozenset[Status]] = {
    S.pending_payment: frozenset({S.paid, S.cancelled, S.expired}),
    S.paid: frozenset({S.processing, S.cancelled}),
    S.processing: frozenset({S.shipped, S.cancelled}),
    S.shipped: frozenset({S.delivered}),
    S.delivered: frozenset({S.completed, S.return_requested}),
    S.return_requested: frozenset({S.returned}),
    S.returned: frozenset({S.refunded, S.completed}),
    S.completed: frozenset(),
    S.cancelled: frozenset(),
    S.expired: frozenset(),
    S.refunded: frozenset(),
}

TERMINAL = frozenset(s for s, targets in TRANSITIONS.items() if not targets)
# Paid money must go back when these are cancelled.
REFUND_ON_CANCEL = frozenset({S.paid, S.processing})


def can_advance(current: Status | str, target: Status | str) -> bool:
    """Whether ``current → target`` is a move of the machine."""
    return Status(target) in TRANSITIONS[Status(current)]


def advance(current: Status | str, target: Status | str) -> Status:
    """``target`` if ``current → target`` is legal; else :class:`IllegalTransition`."""
    if not can_advance(current, target):
        raise IllegalTransition(Status(current), Status(target))
    return Status(target)


def refund_required(previous: Status | str) -> bool:
    """Cancelling from ``previous`` means money was taken and must be refunded."""
    return Status(previous) in REFUND_ON_CANCEL


def path_to(target: Status) -> list[Status]:
    """The shortest legal path from ``pending_payment`` to ``target`` (tests, simulations)."""
    frontier: list[list[Status]] = [[S.pending_payment]]
    seen = {S.pending_payment}
    while frontier:
        path = frontier.pop(0)
        if path[-1] is target:
            return path
        for nxt in sorted(TRANSITIONS[path[-1]]):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append([*path, nxt])
    raise ValueError(f"{target} is unreachable")
