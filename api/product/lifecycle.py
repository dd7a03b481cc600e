"""The product status lifecycle: draft → active ⇄ inactive → discontinued (terminal).

A draft may also be shelved (inactive) or abandoned (discontinued) without ever going live.
Discontinued is final: the SKUs stay in old orders, so the product is never revived — a new
product is created instead.
"""

from __future__ import annotations

from typing import Literal, get_args

Status = Literal["draft", "active", "inactive", "discontinued"]
STATUSES: tuple[Status, ...] = get_args(Status)

TRANSITIONS: dict[Status, frozenset[Status]] = {
    "draft": frozenset({"active", "inactive", "discontinued"}),
    "active": frozenset({"inactive", "discontinued"}),
    "inactive": frozenset({"active", "discontinued"}),
    "discontinued": frozenset(),
}


def can_transition(current: Status, target: Status) -> bool:
    """Whether a product in ``current`` may move to ``target`` (staying put is not a move)."""
    return target in TRANSITIONS[current]


def is_public(status: str) -> bool:
    """Only active products are shown to shoppers."""
    return status == "active"
