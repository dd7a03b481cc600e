"""The worker's batch path: a whole fetched batch in one transaction gives every recipient the
messages event-by-event application gives, once each — and costs the same number of SQL
statements whatever its size (recipients, preferences, devices, templates read once; one
insert for every message)."""

from __future__ import annotations

from collections import Counter
from uuid import UUID, uuid4

from sqlalchemy import event

from tests.integration.notification import events
from tests.support.messaging import Messaging


async def test_a_mixed_batch_reaches_everyone_once_as_one_event_at_a_time_would(
    h: Messaging,
) -> None:
    buyer, staff, supplier = uuid4(), uuid4(), uuid4()
    paid = events.paid(buyer)
    batch = [
        events.registered(buyer),
        paid,
        events.registered(staff, name="Agus Gudang"),
        # staff by role: the role learnt earlier in the same batch counts for the alert after it
        events.role_changed(staff, "warehouse_staff"),
        events.envelope(events.payload_of_kind("low_stock", buyer, staff, supplier), uuid4(), "t"),
        events.supplier_created(supplier),
        events.envelope(
            events.payload_of_kind("purchase_order_approved", buyer, staff, supplier), uuid4(), "t"
        ),
        paid,  # the same event twice in one batch
    ]
    assert await h.consume_batch(batch) == 7
    assert await h.consume_batch(batch) == 0  # redelivered: the inbox absorbs all of it
    rows = await h.rows("select recipient_key, kind, channel from messages")
    assert Counter(tuple(r) for r in rows) == Counter(
        {
            (str(buyer), "welcome", "email"): 1,
            (str(buyer), "welcome", "in_app"): 1,
            (str(buyer), "payment_received", "email"): 1,
            (str(buyer), "payment_received", "in_app"): 1,
            (str(staff), "welcome", "email"): 1,
            (str(staff), "welcome", "in_app"): 1,
            (str(staff), "low_stock", "email"): 1,
            (str(staff), "low_stock", "in_app"): 1,
            (f"supplier:{supplier}", "purchase_order_approved", "whatsapp"): 1,
        }
    )
    await h.deliver()
    sent = Counter((m["channel"], m["kind"]) for m in await h.received())
    assert sent == Counter(
        {
            ("email", "welcome"): 2,
            ("email", "payment_received"): 1,
            ("email", "low_stock"): 1,
            ("whatsapp", "purchase_order_approved"): 1,
        }
    )


async def _registered_users(h: Messaging, count: int) -> list[UUID]:
    users = [uuid4() for _ in range(count)]
    await h.consume_batch([events.registered(user) for user in users])
    return users


async def test_a_batch_of_50_costs_the_statements_of_a_batch_of_5(h: Messaging) -> None:
    small, large = await _registered_users(h, 5), await _registered_users(h, 50)
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement.split()[0])

    event.listen(h.engine.sync_engine, "before_cursor_execute", count)
    try:
        assert await h.consume_batch([events.paid(user) for user in small]) == 5
        for_five = list(statements)
        statements.clear()
        assert await h.consume_batch([events.paid(user) for user in large]) == 50
        for_fifty = list(statements)
    finally:
        event.remove(h.engine.sync_engine, "before_cursor_execute", count)

    assert for_fifty == for_five
    assert len(for_five) <= 8, for_five  # claim, recipients, preferences, devices, templates,
    # messages, outbox (and the transaction's own)
    emails = await h.scalar(
        "select count(*) from messages where kind = 'payment_received' and channel = 'email'"
    )
    assert emails == 55
