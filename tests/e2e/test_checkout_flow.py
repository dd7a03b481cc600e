"""The main flow of DESIGN §6 with real processes, driven only through the gateway and sandboxes.

One platform (``tests/e2e/platform.py`` in the development topology ``lakoo up`` runs: nine
services and the gateway in one process, seven workers in another, the relay, both sandboxes;
fresh databases and consumer groups of this module's own) serves every test here; each test uses
products and buyers of its own, so the tests stay independent.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from uuid import uuid4

import httpx
import pytest

from lakoo.simulate.client import Platform
from tests.e2e import actors
from tests.e2e.platform import CheckoutPlatform, checkout_platform

pytestmark = pytest.mark.slow

EIGHT_DAYS = str(8 * 24 * 3600)  # past the 7-day return window


@pytest.fixture(scope="module")
def processes(postgres_url: str, kafka_bootstrap: str) -> Iterator[CheckoutPlatform]:
    with checkout_platform(postgres_url, kafka_bootstrap) as platform:
        yield platform


@pytest.fixture(scope="module")
async def client(processes: CheckoutPlatform) -> AsyncIterator[Platform]:
    async with Platform(processes.endpoints) as platform:
        yield platform


@pytest.fixture(scope="module")
async def staff(client: Platform, processes: CheckoutPlatform) -> actors.Staff:
    return await actors.staff(client, processes.env)


async def _stock_becomes(
    client: Platform, staff: actors.Staff, variant_id: str, **expected: int
) -> None:
    """Poll the warehouse until the variant's stock shows ``expected`` (events are async)."""
    path = f"/api/warehouse/stock/{variant_id}"
    async with asyncio.timeout(30):
        while True:
            stock = await client.call("GET", path, staff.admin)
            if {key: stock[key] for key in expected} == expected:
                return
            await asyncio.sleep(0.2)


async def _emails_reach(sandbox: str, to: str, expected: dict[str, int]) -> None:
    """Poll the messaging sandbox until ``to`` received ``expected`` emails per kind; no more."""
    kinds: Counter[str] = Counter()
    async with httpx.AsyncClient(base_url=sandbox, timeout=30) as http:
        try:
            async with asyncio.timeout(90):
                while not all(kinds[kind] >= n for kind, n in expected.items()):
                    await asyncio.sleep(0.3)
                    found = await http.get("/api/messages", params={"to": to, "channel": "email"})
                    kinds = Counter(m["kind"] for m in found.json()["items"])
        except TimeoutError:
            raise AssertionError(f"{to} received {dict(kinds)}, expected {expected}") from None
    assert {kind: kinds[kind] for kind in expected} == expected


def _word() -> str:
    return f"motif{uuid4().hex[:8]}"


async def test_main_flow_from_sign_up_to_completed_orders(
    client: Platform, staff: actors.Staff, processes: CheckoutPlatform
) -> None:
    word = _word()
    house = await actors.house_item(client, staff, word, stock=20, brand_price=129_000)
    own = await actors.seller_item(client, staff, word, stock=5)

    found = await client.search(word)
    assert {p["id"] for p in found["items"]} == {house.product_id, own.product_id}

    buyer, address_id = await actors.buyer_ready(client, (house, 2), (own, 1))
    cart = await client.cart(buyer)
    assert cart["total"] == 2 * 129_000 + 85_000

    response = await client.checkout(buyer, address_id, key=f"e2e-{uuid4()}")
    assert response.status_code == 201, response.text
    checkout = response.json()
    orders = {o["seller_id"]: o for o in checkout["orders"]}
    assert set(orders) == {None, staff.seller.id}
    assert all(o["status"] == "pending_payment" for o in checkout["orders"])
    assert checkout["payment"]["status"] == "pending"
    assert (
        checkout["payment"]["amount"]
        == checkout["total"]
        == sum(o["total"] for o in checkout["orders"])
    )
    assert (await client.cart(buyer))["items"] == []

    paid = await client.pay(checkout["payment"]["invoice_id"])
    assert paid["callback_statuses"] == [200]
    house_order, seller_order = orders[None]["id"], orders[staff.seller.id]["id"]
    # house orders are accepted by LAKOO at once; the seller accepts its own
    await client.wait_for_status(buyer, house_order, "processing")
    await client.wait_for_status(buyer, seller_order, "paid")
    accepted = await client.order_action(staff.seller, seller_order, "accept")
    assert accepted["status"] == "processing"

    # reservations confirmed: still held for the orders (not released by anything)
    stock = await client.call("GET", f"/api/warehouse/stock/{house.variant_id}", staff.admin)
    assert (stock["on_hand"], stock["reserved"]) == (20, 2)

    for order_id in (house_order, seller_order):
        await client.deliver(order_id)
    for order_id in (house_order, seller_order):
        delivered = await client.wait_for_status(buyer, order_id, "delivered")
        assert [h["status"] for h in delivered["status_history"]][:2] == [
            "pending_payment",
            "paid",
        ]
    # shipped (order.shipped reached the warehouse): the reserved units left on-hand stock
    await _stock_becomes(client, staff, house.variant_id, on_hand=18, reserved=0, available=18)
    # and the buyer was told, by email through the messaging sandbox's SMTP, once each
    await _emails_reach(
        processes.messages,
        buyer.email,
        {"payment_received": 1, "order_shipped": 2, "order_delivered": 2},
    )

    # eight days later the return window has closed: the auto-complete job completes them
    processes.restart("order-worker", ORDER_CLOCK_OFFSET_SECONDS=EIGHT_DAYS)
    for order_id in (house_order, seller_order):
        # in the development topology the order worker restarts with the seven others it shares
        # its process with: every worker imports and rejoins its group before the job runs
        completed = await client.wait_for_status(buyer, order_id, "completed", timeout=120)
        assert [h["status"] for h in completed["status_history"]] == [
            "pending_payment",
            "paid",
            "processing",
            "shipped",
            "delivered",
            "completed",
        ]


async def test_the_same_idempotency_key_twice_returns_the_same_checkout(
    client: Platform, staff: actors.Staff
) -> None:
    house = await actors.house_item(client, staff, _word(), stock=5, brand_price=99_000)
    buyer, address_id = await actors.buyer_ready(client, (house, 1))
    key = f"e2e-{uuid4()}"

    first = await client.checkout(buyer, address_id, key=key)
    again = await client.checkout(buyer, address_id, key=key)

    assert first.status_code == again.status_code == 201, again.text
    assert again.json() == first.json()
    assert again.headers.get("idempotent-replayed") == "true"
    # one reservation and one payment: the stock moved once
    stock = await client.call("GET", f"/api/warehouse/stock/{house.variant_id}", staff.admin)
    assert (stock["reserved"], stock["available"]) == (1, 4)
    orders = await client.call("GET", "/api/orders", buyer)
    assert orders["total"] == 1


async def test_twenty_buyers_racing_for_the_last_ten_units_ten_succeed_the_rest_get_409(
    client: Platform, staff: actors.Staff
) -> None:
    house = await actors.house_item(client, staff, _word(), stock=10, brand_price=149_000)
    buyers = await asyncio.gather(*(actors.buyer_ready(client, (house, 1)) for _ in range(20)))

    answers = await asyncio.gather(
        *(client.checkout(buyer, address_id) for buyer, address_id in buyers)
    )

    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] * 10 + [409] * 10, [a.text for a in answers if a.status_code >= 500]
    refused = [a for a in answers if a.status_code == 409]
    assert all(a.headers["content-type"].startswith("application/problem+json") for a in refused)
    assert all(house.variant_id in a.text for a in refused)
    stock = await client.call("GET", f"/api/warehouse/stock/{house.variant_id}", staff.admin)
    assert (stock["on_hand"], stock["reserved"], stock["available"]) == (10, 10, 0)


async def test_a_payment_after_the_reservation_expired_is_refunded_and_never_oversells(
    client: Platform, staff: actors.Staff, processes: CheckoutPlatform
) -> None:
    """Real processes, through the gateway and the sandbox: the buyer pays after the stock went
    back. The order never becomes paid, the money goes back whole, the stock is sold again."""
    own = await actors.seller_item(client, staff, _word(), stock=2)
    late, address_id = await actors.buyer_ready(client, (own, 2))
    checkout = (await client.checkout(late, address_id, key=f"e2e-{uuid4()}")).json()
    order_id, total = checkout["orders"][0]["id"], checkout["total"]
    await _stock_becomes(client, staff, own.variant_id, reserved=2, available=0)

    # 36 minutes pass for the warehouse: its expiry job releases the unpaid reservation
    processes.restart(
        "warehouse-worker",
        WAREHOUSE_CLOCK_OFFSET_SECONDS="2160",
        WAREHOUSE_EXPIRY_INTERVAL_SECONDS="1",
    )
    try:
        # the restarted worker boots, expires the reservation, and the release reaches the order
        await client.wait_for_status(late, order_id, "expired", timeout=120)
        await _stock_becomes(client, staff, own.variant_id, reserved=0, available=2)
        paid = await client.pay(checkout["payment"]["invoice_id"])  # the money comes anyway
        assert paid["callback_statuses"] == [200]
        async with asyncio.timeout(120):
            while (order := await client.order(late, order_id))["refund_status"] != "completed":
                await asyncio.sleep(0.2)
    finally:
        processes.restart("warehouse-worker", WAREHOUSE_CLOCK_OFFSET_SECONDS="0")

    assert order["status"] == "expired" and order["refund_amount"] == total
    assert "paid" not in [h["status"] for h in order["status_history"]]
    money = await client.call("GET", f"/api/payments/{checkout['payment']['id']}", late)
    assert (money["status"], money["refunded_amount"]) == ("refunded", total)
    # the two units are the next buyer's, not the late payer's
    next_buyer, next_address = await actors.buyer_ready(client, (own, 2))
    assert (await client.checkout(next_buyer, next_address)).status_code == 201
    await _stock_becomes(client, staff, own.variant_id, on_hand=2, reserved=2, available=0)
