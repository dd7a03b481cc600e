"""A flash sale with real processes, through the gateway: 200 buyers at once for 20 units.

The scenario of ``lakoo simulate --flash-sale`` and ``bench/flash_sale.py``
(``lakoo/simulate/flash_sale.py``) at a smaller scale, on the development topology ``lakoo up``
runs. Exactly 20 orders are created, every other buyer gets a 409 problem+json naming the
variant, and after the winners fail to pay nothing stays reserved — half of them released by
their invoices expiring (``payment.expired``), the other half by the warehouse's own expiry
sweep with its clock moved past the reservations' lifetime.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
from rich.console import Console

from lakoo.simulate import flash_sale
from lakoo.simulate.client import Platform
from tests.e2e import actors
from tests.e2e.platform import CheckoutPlatform, checkout_platform

pytestmark = pytest.mark.slow

BUYERS, UNITS = 200, 20


@pytest.fixture(scope="module")
def processes(postgres_url: str, kafka_bootstrap: str) -> Iterator[CheckoutPlatform]:
    with checkout_platform(postgres_url, kafka_bootstrap) as platform:
        yield platform


@pytest.fixture(scope="module")
async def client(processes: CheckoutPlatform) -> AsyncIterator[Platform]:
    async with Platform(processes.endpoints, timeout=180) as platform:
        yield platform


async def test_200_buyers_for_20_units_make_exactly_20_orders_and_nothing_stays_reserved(
    client: Platform, processes: CheckoutPlatform
) -> None:
    staff = await actors.staff(client, processes.env)
    sale = await flash_sale.prepare(client, staff.seller, buyers=BUYERS, units=UNITS)

    outcome = await flash_sale.run(client, sale)

    assert len(outcome.winners) == UNITS, outcome.others
    assert outcome.losers == BUYERS - UNITS and not outcome.others, outcome.others
    assert outcome.losers_naming_variant == outcome.losers  # "out of stock: <variant>"
    orders = {o["id"] for _, checkout in outcome.winners for o in checkout["orders"]}
    assert len(orders) == UNITS
    held = await flash_sale.stock(client, sale)
    assert (held["on_hand"], held["reserved"], held["available"]) == (UNITS, UNITS, 0)

    # Nobody pays. Half the invoices expire at the provider; the others' reservations run out
    # in the warehouse (36 minutes pass for its expiry sweep).
    expiring = flash_sale.Outcome(attempts=0, seconds=0, winners=outcome.winners[: UNITS // 2])
    await flash_sale.release_unpaid(client, sale, expiring, timeout=0)
    async with asyncio.timeout(120):
        while (await flash_sale.stock(client, sale))["reserved"] > UNITS - UNITS // 2:
            await asyncio.sleep(0.3)
    processes.restart(
        "warehouse-worker",
        WAREHOUSE_CLOCK_OFFSET_SECONDS="2160",
        WAREHOUSE_EXPIRY_INTERVAL_SECONDS="1",
    )
    try:
        released = await flash_sale.release_unpaid(
            client, sale, outcome, timeout=180, expire_invoices=False
        )
    finally:
        processes.restart("warehouse-worker", WAREHOUSE_CLOCK_OFFSET_SECONDS="0")

    assert released.nothing_reserved, released
    assert (released.on_hand, released.reserved, released.available) == (UNITS, 0, UNITS)
    flash_sale.render(sale, outcome, released, Console(width=120))  # shown with -s
    assert not flash_sale.verdict(sale, outcome, released)
    # every winner's order left "awaiting payment" (expired or cancelled, never paid)
    assert "pending_payment" not in released.order_statuses
    assert "paid" not in released.order_statuses
