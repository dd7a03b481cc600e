"""The demo's trading period: ``lakoo simulate`` in the trading week, through the gateway."""

from __future__ import annotations

import asyncio

from lakoo.demo.context import Demo
from lakoo.simulate.run import simulate


def run(demo: Demo) -> None:
    """Shoppers browse, cart, pay; sellers accept; couriers deliver; some return or confirm."""
    demo.console.print(f"{demo.shoppers} shoppers, trading on {demo.week.label} (business time)")
    totals = asyncio.run(
        simulate(
            shoppers_count=demo.shoppers,
            seed=7,
            endpoints=demo.endpoints,
            console=demo.console,
            where_to_look=False,  # the demo's last screen says where to look, once
        )
    )
    demo.results["simulation"] = totals
