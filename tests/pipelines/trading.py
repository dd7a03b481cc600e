"""A generated trading fortnight of catalog events (the supply marts' bundle terms included).

Week ``EARLIER`` settles some orders; week ``WEEK`` has multi-seller checkouts with gateway fees,
a refund of an order settled in ``EARLIER``, a seller who stays under Rp 50,000, and house orders.
Supply and ads cases live in ``trading_supply``; ``trading_supply.generate`` builds it all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from confluent_kafka import Producer

from api.events import build_envelope
from api.events.base import EventPayload
from api.events.envelope import Envelope
from api.events.order import OrderCompleted, OrderCreated
from api.events.payment import PaymentPaid, RefundCompleted
from api.events.seller import SellerVerified
from api.events.values import OrderItemSnapshot, OrderShare
from tests.support.orders import ADDRESS

EARLIER = date(2026, 11, 2)  # Monday, WIB
WEEK = date(2026, 11, 9)
CENTRAL = uuid4()


def at(day: date, hour: int = 10) -> datetime:
    """A moment on ``day`` (WIB ``hour`` o'clock) in UTC."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=7)


@dataclass
class Trading:
    """Everything generated, with the handles the tests assert on."""

    envelopes: list[Envelope] = field(default_factory=list)
    sellers: dict[str, UUID] = field(default_factory=dict)
    products: dict[str, UUID] = field(default_factory=dict)
    variants: dict[str, dict[str, UUID]] = field(default_factory=dict)
    supplier_id: UUID = field(default_factory=uuid4)
    other_supplier_id: UUID = field(default_factory=uuid4)
    campaigns: dict[str, UUID] = field(default_factory=dict)
    tickets: dict[str, UUID] = field(default_factory=dict)

    def add(self, payload: EventPayload, aggregate_id: UUID, when: datetime) -> None:
        producer = payload.topic.split(".")[0]
        self.envelopes.append(
            build_envelope(payload, aggregate_id=aggregate_id, producer=producer, occurred_at=when)
        )


def _order(
    t: Trading, checkout: UUID, user: UUID, seller: UUID | None, lines: list[int], when: datetime
) -> tuple[UUID, int]:
    order_id = uuid4()
    items = [
        OrderItemSnapshot(
            order_item_id=uuid4(),
            product_id=uuid4(),
            variant_id=uuid4(),
            sku=f"SKU-{i}",
            name="Kaos",
            size="M",
            color=None,
            brand_id=None if seller else uuid4(),
            seller_id=seller,
            unit_price=price,
            quantity=1,
            line_total=price,
        )
        for i, price in enumerate(lines)
    ]
    subtotal = sum(lines)
    common = dict(
        order_id=order_id,
        order_number=f"ORD-{order_id.hex[:5]}",
        checkout_id=checkout,
        user_id=user,
        seller_id=seller,
        fulfilment="seller" if seller else "house",
    )
    t.add(
        OrderCreated(
            **common,
            items=items,
            brand_ids=[],
            subtotal=subtotal,
            shipping_cost=9000,
            total=subtotal + 9000,
            currency="IDR",
            shipping_address=ADDRESS,
            payment_due_at=when + timedelta(minutes=30),
            created_at=when,
        ),
        order_id,
        when,
    )
    return order_id, subtotal + 9000


def _complete(
    t: Trading,
    order_id: UUID,
    checkout: UUID,
    seller: UUID | None,
    total: int,
    when: datetime,
    **partial_return: Any,
) -> None:
    completion: dict[str, Any] = {"completed_by": "auto", **partial_return}
    t.add(
        OrderCompleted(
            order_id=order_id,
            order_number="ORD-x",
            checkout_id=checkout,
            user_id=uuid4(),
            seller_id=seller,
            fulfilment="seller" if seller else "house",
            subtotal=total - 9000,
            shipping_cost=9000,
            total=total,
            completed_at=when,
            **completion,
        ),
        order_id,
        when,
    )


@dataclass(frozen=True)
class Sale:
    """One order of a generated checkout, with what completing or refunding it needs."""

    order_id: UUID
    seller: UUID | None
    payment_id: UUID
    checkout_id: UUID
    total: int


def sell(
    t: Trading, parts: list[tuple[UUID | None, list[int]]], fee: int, ordered: datetime
) -> list[Sale]:
    """A paid checkout of one order per ``(seller, line prices)``, not completed yet."""
    checkout, user, payment = uuid4(), uuid4(), uuid4()
    orders = [
        (*_order(t, checkout, user, seller, lines, ordered), seller) for seller, lines in parts
    ]
    amount = sum(total for _, total, _ in orders)
    paid_at = ordered + timedelta(hours=1)
    t.add(
        PaymentPaid(
            payment_id=payment,
            payment_number="PAY-x",
            checkout_id=checkout,
            user_id=user,
            amount=amount,
            currency="IDR",
            invoice_id="inv",
            orders=[OrderShare(order_id=o, seller_id=s, total=tot) for o, tot, s in orders],
            gateway_fee=fee,
            net_amount=amount - fee,
            method="qris",
            channel=None,
            paid_at=paid_at,
        ),
        payment,
        paid_at,
    )
    return [Sale(o, s, payment, checkout, total) for o, total, s in orders]


def complete(t: Trading, sale: Sale, when: datetime, **partial_return: Any) -> None:
    """``order.completed`` of one sold order at ``when`` (``partial_return``: the fields the
    order service adds when a partial return's refund completes the order)."""
    _complete(t, sale.order_id, sale.checkout_id, sale.seller, sale.total, when, **partial_return)


def _checkout(
    t: Trading,
    parts: list[tuple[UUID | None, list[int]]],
    fee: int,
    ordered: date,
    completed: date | None,
) -> list[tuple[UUID, UUID | None, UUID]]:
    sales = sell(t, parts, fee, at(ordered))
    if completed:
        for sale in sales:
            complete(t, sale, at(completed, 15))
    return [(s.order_id, s.seller, s.payment_id) for s in sales]


def _refund(
    t: Trading, order_id: UUID, seller: UUID | None, payment: UUID, amount: int, when: datetime
) -> None:
    refund = uuid4()
    t.add(
        RefundCompleted(
            refund_id=refund,
            refund_number="REF-x",
            payment_id=payment,
            order_id=order_id,
            user_id=uuid4(),
            seller_id=seller,
            amount=amount,
            method="wallet",
            gateway_refund_id=None,
            completed_at=when,
        ),
        refund,
        when,
    )


def settlement_events(t: Trading) -> None:
    """Sellers A, B (2.5% commission), C (small) and house, over two weeks."""
    a, b, c = uuid4(), uuid4(), uuid4()
    t.sellers.update(a=a, b=b, c=c)
    t.add(
        SellerVerified(
            seller_id=b,
            seller_number="SLR-b",
            user_id=uuid4(),
            shop_name="B",
            commission_rate_bps=250,
            verified_by=uuid4(),
            verified_at=at(EARLIER, 1),
        ),
        b,
        at(EARLIER, 1),
    )
    earlier = _checkout(
        t,
        [(a, [120000, 35001]), (b, [99999]), (None, [50000])],
        4507,
        EARLIER,
        EARLIER + timedelta(days=2),
    )
    _checkout(
        t,
        [(a, [250000]), (c, [30000]), (None, [75000, 12500])],
        6003,
        WEEK,
        WEEK + timedelta(days=1),
    )
    _checkout(t, [(b, [180000, 20000]), (c, [10000])], 3331, WEEK, WEEK + timedelta(days=4))
    _checkout(t, [(a, [400000])], 8800, WEEK, None)  # paid, not completed: not settled
    # a refund this week of A's order settled last week, and one of a house order
    a_order = next(o for o, s, _ in earlier if s == a)
    house_order = next(o for o, s, _ in earlier if s is None)
    _refund(t, a_order, a, earlier[0][2], 35001, at(WEEK + timedelta(days=3)))
    _refund(t, house_order, None, earlier[0][2], 10000, at(WEEK + timedelta(days=3)))


def produce(bootstrap: str, topic: str, envelopes: list[Envelope]) -> None:
    """Produce envelopes keyed by aggregate, the way the relay does."""
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
    for envelope in envelopes:
        producer.produce(topic, envelope.model_dump_json().encode(), key=envelope.aggregate_id)
        producer.poll(0)
    assert producer.flush(30) == 0
