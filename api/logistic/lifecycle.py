"""The shipment life cycle as pure rules (no I/O): Biteship's statuses mapped onto ours, and
which moves are forward.

    pending → booked → picked_up → in_transit → out_for_delivery → delivered
                                                         └──────→ failed | returned | cancelled

A courier may skip updates (a lost webhook), so any forward move is accepted; a status reached
before, or behind the current one, is ignored; a final status is never left.
"""

from __future__ import annotations

# Biteship order statuses → ours (None: no change of ours, e.g. an order on hold)
BITESHIP_STATUS: dict[str, str | None] = {
    "confirmed": "booked",
    "scheduled": "booked",
    "allocated": "booked",
    "picking_up": "booked",
    "picked": "picked_up",
    # Biteship has no separate "in transit": dropping_off is the courier carrying the parcel
    # from the hub toward the recipient, which is what our in_transit tells the customer.
    "dropping_off": "in_transit",
    "out_for_delivery": "out_for_delivery",
    "on_hold": None,
    "delivered": "delivered",
    "rejected": "failed",
    "courier_not_found": "failed",
    "disposed": "failed",
    "return_in_transit": "returned",
    "returned": "returned",
    "cancelled": "cancelled",
}

RANK = {
    "pending": 0,
    "booked": 1,
    "picked_up": 2,
    "in_transit": 3,
    "out_for_delivery": 4,
    "delivered": 5,
    "failed": 5,
    "returned": 5,
    "cancelled": 5,
}
FINAL = frozenset({"delivered", "failed", "returned", "cancelled"})


def ours(courier_status: str) -> str | None:
    """Our status for a Biteship status (None when it changes nothing or is unknown)."""
    return BITESHIP_STATUS.get(courier_status.lower())


def may_move(current: str, new: str) -> bool:
    """Whether a shipment in ``current`` moves to ``new`` (forward only, never out of a final)."""
    if current in FINAL:
        return False
    return RANK[new] > RANK[current]
