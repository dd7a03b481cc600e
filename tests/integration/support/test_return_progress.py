"""A return's ticket follows the order's return (the events of the order service's returns):
goods received → the customer is told what refund follows; the refund paid → resolved. A partial
return is resolved by ``order.completed`` (``partial_return``), a full one by the order's
``refund.completed`` at or after the receipt, whichever of the two topics delivers first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from api.events import OrderCompleted, OrderReturned, OrderReturnRequested, RefundCompleted
from api.kit.auth import Role
from tests.integration.support.harness import Desk
from tests.support.orders import order_created, order_fields, order_item
from tests.support.services import as_user

DELIVERED = datetime(2026, 11, 24, 3, tzinfo=UTC)
REQUESTED = DELIVERED + timedelta(days=2)
RECEIVED = REQUESTED + timedelta(days=2)
REFUNDED = RECEIVED + timedelta(hours=1)
LINE = 250_000  # tests.support.orders' line total; shipping Rp 15,000


class Return:
    """One order of two lines and its return, as the order service announces it."""

    def __init__(self, lines_returned: int) -> None:
        self.customer, self.order_id, self.return_id = uuid4(), uuid4(), uuid4()
        self.items = [uuid4(), uuid4()]
        self.fields = order_fields(self.order_id, self.customer)
        self.returned_items = self.items[:lines_returned]
        self.full = lines_returned == len(self.items)
        shipping = 15_000 if self.full else 0
        self.items_total = LINE * lines_returned
        self.refund_amount = self.items_total + shipping

    async def requested(self, desk: Desk) -> dict[str, Any]:
        await desk.deliver(
            order_created(self.fields, [order_item(i) for i in self.items], at=DELIVERED),
            self.order_id,
        )
        await desk.deliver(
            OrderReturnRequested(
                **self.fields,
                return_id=self.return_id,
                return_number="RET-20261126-AB12C",
                order_item_ids=self.returned_items,
                reason="Warnanya beda dengan foto",
                requested_at=REQUESTED,
            ),
            self.order_id,
        )
        return await self.ticket(desk)

    async def received(self, desk: Desk) -> None:
        await desk.deliver(
            OrderReturned(
                **self.fields,
                return_id=self.return_id,
                return_number="RET-20261126-AB12C",
                order_item_ids=self.returned_items,
                refund_amount=self.refund_amount,
                returned_at=RECEIVED,
                items_total=self.items_total,
                shipping_refunded=self.refund_amount - self.items_total,
                full_return=self.full,
            ),
            self.order_id,
        )

    async def refund_paid(self, desk: Desk, *, amount: int, at: datetime) -> None:
        refund_id = uuid4()
        await desk.deliver(
            RefundCompleted(
                refund_id=refund_id,
                refund_number="REF-20261128-XY12Z",
                payment_id=uuid4(),
                order_id=self.order_id,
                user_id=self.customer,
                seller_id=None,
                amount=amount,
                method="original_payment",
                gateway_refund_id=None,
                completed_at=at,
            ),
            refund_id,
        )

    async def completed_after_partial_return(self, desk: Desk) -> None:
        await desk.deliver(
            OrderCompleted(
                **self.fields,
                subtotal=LINE * 2,
                shipping_cost=15_000,
                total=LINE * 2 + 15_000,
                completed_by="partial_return",
                completed_at=REFUNDED,
                kept_subtotal=LINE,
                returned_item_ids=self.returned_items,
                return_id=self.return_id,
                refund_id=uuid4(),
                refunded_amount=self.refund_amount,
            ),
            self.order_id,
        )

    async def ticket(self, desk: Desk) -> dict[str, Any]:
        mine = as_user(Role.customer, self.customer)
        (summary,) = (await desk.client.get("/api/support/tickets", headers=mine)).json()["items"]
        r = await desk.client.get(f"/api/support/tickets/{summary['id']}", headers=mine)
        return dict(r.json())


def auto_messages(ticket: dict[str, Any]) -> list[str]:
    return [m["body"] for m in ticket["messages"] if m["kind"] == "auto"]


async def test_a_partial_return_ticket_is_told_of_the_goods_and_resolved_by_its_refund(
    support: Desk,
) -> None:
    await support.agent(["return"])
    ret = Return(lines_returned=1)
    opened = await ret.requested(support)
    await ret.received(support)
    ticket = await ret.ticket(support)
    assert auto_messages(ticket) == [
        "We received the goods of return RET-20261126-AB12C: 1 item. A refund of up to "
        "Rp 250,000 follows."
    ]
    assert ticket["status"] == opened["status"] == "open"
    # a refund of the order paid now (a staff refund, say) does not close a partial return:
    # only the order's completion after the return names it
    await ret.refund_paid(support, amount=40_000, at=REFUNDED)
    assert (await ret.ticket(support))["status"] == "open"
    for _ in range(2):  # redelivered: once
        await ret.completed_after_partial_return(support)
    ticket = await ret.ticket(support)
    paid = (
        "Your refund of Rp 250,000 was paid; the items you kept stay yours and the order is "
        "completed."
    )
    assert ticket["status"] == "resolved" and ticket["resolution"] == paid
    assert auto_messages(ticket)[1:] == [paid]
    (resolved,) = support.events("ticket.resolved")
    assert resolved["resolved_at"].startswith("2026-11-28")
    moves = [(e["new_status"], e["reason"]) for e in support.events("ticket.status_changed")]
    assert moves[-1] == ("resolved", "refund_paid")
    # customers are told through the notification service: both messages are announced
    added = [e for e in support.events("ticket.message_added") if e["author_kind"] == "auto"]
    assert len(added) == 2 and {e["user_id"] for e in added} == {str(ret.customer)}


async def test_a_full_return_is_resolved_by_the_refund_paid_after_its_receipt_in_either_order(
    support: Desk,
) -> None:
    await support.agent(["return"])
    ret = Return(lines_returned=2)
    await ret.requested(support)
    # a refund paid before the goods came back is not this return's
    await ret.refund_paid(support, amount=10_000, at=REQUESTED + timedelta(hours=1))
    # the return's own refund overtakes the receipt (payment and order are different topics)
    await ret.refund_paid(support, amount=ret.refund_amount, at=REFUNDED)
    assert (await ret.ticket(support))["status"] == "open"
    await ret.received(support)
    await ret.received(support)  # redelivered
    ticket = await ret.ticket(support)
    assert auto_messages(ticket) == [
        "We received the goods of return RET-20261126-AB12C: every line of the order. A refund "
        "of up to Rp 515,000 (items Rp 500,000, shipping Rp 15,000) follows.",
        "Your refund of Rp 515,000 was paid.",
    ]
    assert ticket["status"] == "resolved"
    assert len(support.events("ticket.resolved")) == 1


async def test_a_full_return_refunded_after_the_receipt_and_an_agent_resolved_ticket(
    support: Desk,
) -> None:
    agent = await support.agent(["return"])
    ret = Return(lines_returned=2)
    opened = await ret.requested(support)
    await ret.received(support)
    # the agent resolved it already: the refund is announced, the resolution stays the agent's
    r = await support.client.post(
        f"/api/support/tickets/{opened['id']}/status",
        headers=as_user(Role.support_agent, agent),
        json={"status": "resolved", "resolution": "Barang diterima, dana dikembalikan."},
    )
    assert r.status_code == 200, r.text
    await ret.refund_paid(support, amount=ret.refund_amount, at=REFUNDED)
    ticket = await ret.ticket(support)
    assert ticket["resolution"] == "Barang diterima, dana dikembalikan."
    assert auto_messages(ticket)[-1] == "Your refund of Rp 515,000 was paid."
    assert len(support.events("ticket.resolved")) == 1


async def test_events_of_orders_without_a_return_ticket_change_nothing(support: Desk) -> None:
    ret = Return(lines_returned=1)
    before = support.counts()
    await ret.received(support)
    await ret.completed_after_partial_return(support)
    other: UUID = uuid4()
    await support.deliver(
        OrderCompleted(
            **order_fields(other, uuid4()),
            subtotal=LINE,
            shipping_cost=15_000,
            total=LINE + 15_000,
            completed_by="customer",
            completed_at=REFUNDED,
        ),
        other,
    )
    assert support.counts() == before
