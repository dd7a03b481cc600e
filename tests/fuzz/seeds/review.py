"""Review's fuzz seed: the customer's seeded orders count as delivered, so the customer has a
review the text filter approved (to vote on, report and reply to) and one held for moderation.

The orders are paid but not shipped in the fuzz run, so their ``order.delivered`` is handed to
review's real handler table here (as the consumer would, through the inbox) instead of
driving every courier status through the sandbox.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from api.events import OrderDelivered
from api.review.consumers import HANDLERS
from tests.fuzz.seeds import FuzzSeed
from tests.support.services import apply_event

ORDER = 60  # after order: review learnt the orders' items from order.created


def seed(fuzz: FuzzSeed) -> None:
    now = datetime.now(UTC)
    for order_id in fuzz.values["order_id"]:
        order = fuzz.call("order", "GET", f"/api/orders/{order_id}", as_="customer")
        delivered = OrderDelivered(
            order_id=UUID(order["id"]),
            order_number=order["number"],
            checkout_id=UUID(order["checkout_id"]),
            user_id=UUID(order["user_id"]),
            seller_id=UUID(order["seller_id"]) if order["seller_id"] else None,
            fulfilment=order["fulfilment"],
            shipment_id=uuid4(),
            delivered_at=now,
            return_window_ends_at=now + timedelta(days=7),
        )
        fuzz.platform.run(_deliver, fuzz, delivered)
    items = fuzz.call("review", "GET", "/api/reviews/eligible", as_="customer")
    fuzz.remember("order_item_id", *(item["order_item_id"] for item in items))
    texts = ["Bahannya adem dan jahitannya rapi.", "Hubungi saya di 0812 3456 7890"]
    for item, text in zip(items, texts, strict=False):
        body = {"order_item_id": item["order_item_id"], "rating": 4, "text": text}
        created = fuzz.call("review", "POST", "/api/reviews", as_="customer", json=body)
        fuzz.remember("review_id", created["id"])


async def _deliver(fuzz: FuzzSeed, delivered: OrderDelivered) -> None:
    await apply_event(
        fuzz.platform.uows["review"],
        HANDLERS,
        delivered,
        aggregate_id=delivered.order_id,
        consumer="review",
    )
