"""The demo's supply step: the factories' stars, the next PO going to the better one, and the
approved POs that reached the factories' WhatsApp (the messaging sandbox).

Runs after the data platform: the trading period's supply phase (``lakoo.simulate.supply``)
bought from both factories, ``lakoo pipelines materialize`` scored them from the receipts and
pushed the scores to the supplier service, whose ``supplier.performance_updated`` the warehouse
learns; a PO drafted without naming a supplier then goes to the better-standing factory.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
from rich.table import Table

from lakoo.demo.context import Demo
from lakoo.demo.messages import SANDBOX
from lakoo.simulate import supply
from lakoo.simulate.client import Platform


def run(demo: Demo) -> None:
    """Stars, the steered proposal, the POs in the factories' WhatsApp."""
    supplied: supply.SupplyRun | None = getattr(demo.results.get("simulation"), "supply", None)
    if supplied is None or supplied.admin is None or not supplied.products:
        raise RuntimeError("the trading period bought nothing from the factories")
    asyncio.run(_show(demo, supplied))


async def _show(demo: Demo, supplied: supply.SupplyRun) -> None:
    assert supplied.admin is not None
    admin = supplied.admin
    async with Platform(demo.endpoints) as platform:
        scored = await _scored(platform, supplied)
        table = Table(title="suppliers, scored by the data platform from their receipts")
        for column in ("factory", "stars", "score", "standing", "ordered", "good", "damaged"):
            table.add_column(
                column, justify="left" if column in ("factory", "standing") else "right"
            )
        for factory in supply.FACTORIES:
            vendor = scored[factory.code]
            ordered, received, damaged = supplied.received.get(factory.code, (0, 0, 0))
            table.add_row(
                vendor["name"],
                "★" * (vendor["stars"] or 0),
                f"{vendor['score']:.0f}" if vendor["score"] is not None else "-",
                vendor["standing"],
                str(ordered),
                str(received - damaged),
                str(damaged),
            )
        demo.console.print(table)
        product_id = supplied.products[0]
        po = await _steered(platform, supplied, product_id)
        chosen = next(v for v in scored.values() if v["id"] == po["supplier_id"])
        demo.console.print(
            f"next PO for the product, supplier not named: {po['number']} → {chosen['name']} "
            f"({chosen['stars']}★, standing {po.get('supplier_standing') or chosen['standing']})"
        )
        await platform.call(
            "POST",
            f"/api/purchase-orders/{po['id']}/cancel",
            admin,
            200,
            json={"reason": "demo: the proposal shown, not bought"},
        )
    numbers = {po["number"] for po in supplied.purchase_orders}
    sent = _whatsapp_pos(numbers)
    demo.console.print(
        f"{len(sent)} of {len(numbers)} approved POs reached the factories' WhatsApp:"
    )
    for message in sent[:2]:
        params = message["parameters"]
        demo.console.print(f"  to {message['to']}: PO {params[1]} — {params[2]}")
    if len(sent) != len(numbers):
        raise RuntimeError(f"approved POs not in the messaging sandbox: {len(sent)}/{len(numbers)}")
    demo.where_to_look.append(("suppliers' stars", f"GET {demo.endpoints.gateway}/api/suppliers"))
    demo.where_to_look.append(("POs sent to factories", f"{SANDBOX}/ (WhatsApp)"))


async def _scored(platform: Platform, supplied: supply.SupplyRun) -> dict[str, dict[str, Any]]:
    """Each factory as the supplier service has it, once the data platform's scores are in."""
    deadline = time.monotonic() + 60
    while True:
        found = {
            code: await platform.call("GET", f"/api/suppliers/{vendor['id']}", supplied.admin, 200)
            for code, vendor in supplied.suppliers.items()
        }
        if all(v["stars"] is not None for v in found.values()):
            return found
        if time.monotonic() > deadline:
            raise RuntimeError(f"the factories were not scored: {found}")
        await asyncio.sleep(1)


async def _steered(
    platform: Platform, supplied: supply.SupplyRun, product_id: str
) -> dict[str, Any]:
    """A PO drafted without naming a supplier, once the warehouse has learnt the standings
    (``supplier.performance_updated``): drafts that went elsewhere meanwhile are cancelled."""
    assert supplied.admin is not None
    deadline = time.monotonic() + 60
    while True:
        po = await supply.draft(platform, supplied.admin, product_id)
        if po["supplier_id"] == supplied.better["id"] or time.monotonic() > deadline:
            return po
        await platform.call(
            "POST",
            f"/api/purchase-orders/{po['id']}/cancel",
            supplied.admin,
            200,
            json={"reason": "standing not learnt yet"},
        )
        await asyncio.sleep(1)


def _whatsapp_pos(numbers: set[str]) -> list[dict[str, Any]]:
    """The WhatsApp messages of ``purchase_order_approved`` for these POs (waits up to 30 s)."""
    deadline = time.monotonic() + 30
    while True:
        items = httpx.get(
            f"{SANDBOX}/api/messages",
            params={"channel": "whatsapp", "kind": "purchase_order_approved"},
            timeout=15,
        ).json()["items"]
        mine = [m for m in items if len(m["parameters"]) > 1 and m["parameters"][1] in numbers]
        if len(mine) >= len(numbers) or time.monotonic() > deadline:
            return mine
        time.sleep(0.5)
