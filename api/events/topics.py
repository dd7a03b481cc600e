"""The topic table of DESIGN §2: which topic carries which event types.

An event type is ``<domain>.<verb>``; the domain prefix decides the topic. Each topic has a
dead-letter twin ``<topic>.dlq`` where consumers park messages they cannot handle.
"""

from __future__ import annotations

USER_EVENTS = "user.events"
PRODUCT_EVENTS = "product.events"
CART_EVENTS = "cart.events"
SUPPLIER_EVENTS = "supplier.events"
BRAND_EVENTS = "brand.events"
ORDER_EVENTS = "order.events"
PAYMENT_EVENTS = "payment.events"
NOTIFICATION_EVENTS = "notification.events"
SHIPMENT_EVENTS = "shipment.events"
ADDRESS_EVENTS = "address.events"
WALLET_EVENTS = "wallet.events"
INVENTORY_EVENTS = "inventory.events"
AD_EVENTS = "ad.events"
TICKET_EVENTS = "ticket.events"
SELLER_EVENTS = "seller.events"
REVIEW_EVENTS = "review.events"

DLQ_SUFFIX = ".dlq"

# domain prefix of an event type → its topic
_TOPIC_BY_DOMAIN: dict[str, str] = {
    "user": USER_EVENTS,
    "product": PRODUCT_EVENTS,
    "cart": CART_EVENTS,
    "supplier": SUPPLIER_EVENTS,
    "brand": BRAND_EVENTS,
    "order": ORDER_EVENTS,
    "payment": PAYMENT_EVENTS,
    "refund": PAYMENT_EVENTS,
    "settlement": PAYMENT_EVENTS,
    "notification": NOTIFICATION_EVENTS,
    "shipment": SHIPMENT_EVENTS,
    "address": ADDRESS_EVENTS,
    "wallet": WALLET_EVENTS,
    "withdrawal": WALLET_EVENTS,
    "inventory": INVENTORY_EVENTS,
    "purchase_order": INVENTORY_EVENTS,
    "campaign": AD_EVENTS,
    "ad": AD_EVENTS,
    "ticket": TICKET_EVENTS,
    "seller": SELLER_EVENTS,
    "review": REVIEW_EVENTS,
}

TOPICS: tuple[str, ...] = tuple(dict.fromkeys(_TOPIC_BY_DOMAIN.values()))

# Partitions per topic, fixed when the topic is created. A consumer group reads a partition with
# one member at a time, so the count is the most workers of one service that can share a topic;
# adding partitions later moves keys (and breaks per-aggregate order for events in flight), so
# the count is chosen for the scale we plan for, not for today (docs/scaling.md):
# - 12 on the checkout path: every checkout writes several order.*, payment.* and inventory.*
#   events that 4–7 services consume; 12 divides evenly over 1, 2, 3, 4, 6 or 12 workers, and a
#   flash sale (bench/flash_sale.py) is where one worker per service stops keeping up first;
# - 6 where writes are steady but lighter (logins, catalogue imports, carts, shipments);
# - 3 for the rest (a few events per order or per day each): more would only add idle
#   partitions to every consumer's fetch loop;
# - 1 for every dead-letter twin: rare messages read by a person, where order does not matter.
PARTITIONS: dict[str, int] = {
    ORDER_EVENTS: 12,
    PAYMENT_EVENTS: 12,
    INVENTORY_EVENTS: 12,
    USER_EVENTS: 6,
    PRODUCT_EVENTS: 6,
    CART_EVENTS: 6,
    SHIPMENT_EVENTS: 6,
}
DEFAULT_PARTITIONS = 3
DLQ_PARTITIONS = 1


def topic_for_event_type(event_type: str) -> str:
    """The topic that carries ``event_type`` (``order.created`` → ``order.events``)."""
    domain, _, verb = event_type.partition(".")
    if not verb or domain not in _TOPIC_BY_DOMAIN:
        raise ValueError(f"event type {event_type!r} has no known domain prefix")
    return _TOPIC_BY_DOMAIN[domain]


def dlq_topic(topic: str) -> str:
    """The dead-letter twin of ``topic``."""
    return topic + DLQ_SUFFIX


def partitions_of(topic: str) -> int:
    """How many partitions ``topic`` (or its ``.dlq`` twin) is created with."""
    if topic.endswith(DLQ_SUFFIX):
        return DLQ_PARTITIONS
    return PARTITIONS.get(topic, DEFAULT_PARTITIONS)


def all_topics_with_dlq() -> list[str]:
    """Every topic the stack creates: the catalog's topics and their dead-letter twins."""
    return [name for topic in TOPICS for name in (topic, dlq_topic(topic))]
