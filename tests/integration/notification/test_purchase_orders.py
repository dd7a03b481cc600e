"""An approved purchase order reaches the factory's WhatsApp, with its lines, once per PO."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from api.events.envelope import Envelope
from api.events.purchase_order import PurchaseOrderApproved
from api.events.values import PurchaseOrderLine
from tests.integration.notification import events
from tests.support.messaging import Messaging, consume_from_kafka


def _approved(
    supplier_id: UUID,
    *,
    po_id: UUID | None = None,
    whatsapp: str | None = None,
    name: str | None = None,
) -> Envelope:
    po_id = po_id or uuid4()
    lines = [
        PurchaseOrderLine(
            product_id=uuid4(),
            variant_id=uuid4(),
            sku="KMJ-BTK-M",
            bundles=10,
            units_ordered=120,
            unit_cost=45_000,
        ),
        PurchaseOrderLine(
            product_id=uuid4(),
            variant_id=uuid4(),
            sku="KMJ-BTK-L",
            bundles=5,
            units_ordered=60,
            unit_cost=47_500,
        ),
    ]
    payload = PurchaseOrderApproved(
        po_id=po_id,
        po_number=f"PO-20261124-{po_id.hex[:5].upper()}",
        supplier_id=supplier_id,
        location_id=uuid4(),
        lines=lines,
        total_cost=120 * 45_000 + 60 * 47_500,
        currency="IDR",
        expected_date=date(2026, 12, 8),
        ordered_at=datetime.now(UTC),
        approved_by=uuid4(),
        approved_at=datetime.now(UTC),
        supplier_name=name,
        supplier_whatsapp=whatsapp,
    )
    return events.envelope(payload, po_id, "warehouse")


async def test_an_approved_po_on_kafka_reaches_the_factory_once_with_its_lines(
    h: Messaging, kafka_bootstrap: str
) -> None:
    supplier = uuid4()
    await consume_from_kafka(h, kafka_bootstrap, [events.supplier_created(supplier)], until=1)
    approved = _approved(supplier)
    po_number = approved.payload["po_number"]
    # the same event twice on the topic: the second is the inbox's duplicate
    runtime = await consume_from_kafka(h, kafka_bootstrap, [approved, approved], until=2)
    assert runtime.stats.duplicates == 1
    (sent,) = await h.received(channel="whatsapp")
    assert sent["to"] == "+6281300001111"
    assert sent["template"] == "lakoo_purchase_order_approved"
    name, number, lines, total, expected = sent["parameters"]
    assert (name, number, total, expected) == ("Pak Dedi", po_number, "8.250.000", "2026-12-08")
    assert lines == (
        "KMJ-BTK-M × 120 pcs (10 bundel) @ Rp 45.000; KMJ-BTK-L × 60 pcs (5 bundel) @ Rp 47.500"
    )
    # the approval re-published as a new event (another event id, same PO): nothing more
    again = _approved(supplier, po_id=UUID(approved.payload["po_id"]))
    await consume_from_kafka(h, kafka_bootstrap, [again], until=1)
    assert len(await h.received(channel="whatsapp")) == 1
    rows = await h.rows("select channel, status, recipient_key from messages")
    assert rows == [("whatsapp", "delivered", f"supplier:{supplier}")]


async def test_a_supplier_without_whatsapp_is_recorded_as_not_sent_and_not_retried(
    h: Messaging,
) -> None:
    supplier = uuid4()
    await h.consume(events.supplier_created(supplier, whatsapp=None))
    await h.consume(_approved(supplier))
    assert await h.deliver() == 1
    status, error, attempts = (await h.rows("select status, last_error, attempts from messages"))[0]
    assert (status, error, attempts) == ("failed", "supplier has no WhatsApp number", 1)
    failed = await h.rows(
        "select payload->>'error', payload->>'will_retry' from outbox"
        " where event_type = 'notification.failed'"
    )
    assert failed == [("supplier has no WhatsApp number", "false")]
    h.advance(hours=2)  # well past every backoff: nothing is tried again
    assert await h.deliver() == 0
    assert await h.scalar("select attempts from messages") == 1
    assert await h.received(channel="whatsapp") == []


async def test_a_supplier_not_learned_yet_is_reached_at_the_number_the_po_carries(
    h: Messaging,
) -> None:
    supplier = uuid4()
    await h.consume(_approved(supplier, whatsapp="+6281377778888", name="CV Maju Jaya"))
    await h.deliver()
    (sent,) = await h.received(channel="whatsapp")
    assert sent["to"] == "+6281377778888" and sent["parameters"][0] == "CV Maju Jaya"
