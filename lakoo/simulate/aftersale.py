"""After the sale: sellers accept, some buyers cancel, couriers deliver, some return, some confirm.

Each step is one order's, driven through the gateway (sellers, buyers) or the Biteship sandbox
(couriers); the order service reaches each status through its own events, so every step waits
for the status the previous one should have produced.
"""

from __future__ import annotations

import random

from lakoo.simulate.client import ApiError, Platform
from lakoo.simulate.shoppers import Placed

CANCEL_RATE = 0.08  # paid orders the buyer cancels before dispatch (refunded)
RETURN_RATE = 0.1  # delivered orders sent back within the return window
CONFIRM_RATE = 0.5  # delivered orders the buyer confirms at once (the rest auto-complete later)


async def accept_or_cancel(platform: Platform, order: Placed, rng: random.Random) -> None:
    """A paid order: the buyer may cancel it; a seller's order is accepted by its seller."""
    await platform.wait_for_status(order.buyer, order.id, "paid", "processing", timeout=60)
    if rng.random() < CANCEL_RATE:
        order.status = (await platform.order_action(order.buyer, order.id, "cancel"))["status"]
        return
    if order.seller is not None:
        accepted = await platform.order_action(order.seller, order.id, "accept")
        order.status = accepted["status"]


async def deliver(platform: Platform, order: Placed, rng: random.Random) -> None:
    """The courier carries the parcel to the door; the buyer returns or confirms some."""
    await platform.deliver(order.id, timeout=60)
    await platform.wait_for_status(order.buyer, order.id, "delivered", timeout=60)
    order.status = "delivered"
    roll = rng.random()
    try:
        if roll < RETURN_RATE:
            body = {"reason": "Ukurannya tidak pas"}
            await platform.order_action(order.buyer, order.id, "returns", body)
            order.status = "return_requested"
        elif roll < RETURN_RATE + CONFIRM_RATE:
            order.status = (await platform.order_action(order.buyer, order.id, "complete"))[
                "status"
            ]
    except ApiError:  # a rule of the platform said no: the order stays delivered
        pass
