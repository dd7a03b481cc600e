"""The supply side of a simulated period: two factories for some house products, one sloppy.

Purchasing (the simulation's admin) registers two factories with WhatsApp contacts and gives
both a catalogue offer for the same house products: Konveksi Solo, dearer and careful; Pabrik
Kilat, cheaper and sloppy. Each gets a PO per product, which is submitted, approved (the
notification service sends it to the factory's WhatsApp, in the messaging sandbox), sent and
received: Konveksi's in full, Pabrik's short (three fifths of it) and a third of that damaged.
The data platform scores them from these receipts (``supply.supplier_performance``), pushes
the scores to the supplier service, and the warehouse steers the next PO to the better factory
(the demo's supply step shows both).

Every receipt is dated when it is recorded: the services' clock does not move within a run, and
a receipt may be neither after the services' now nor before its PO was sent, so both factories
deliver by their promised date; the sloppy one is told apart by fill and quality.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table

from lakoo.simulate.cast import Cast
from lakoo.simulate.client import ApiError, Platform, User, expect

UNITS_PER_BUNDLE = 6
BUNDLES = 5


@dataclass(frozen=True)
class Factory:
    code: str
    name: str
    contact: str
    whatsapp: str
    unit_cost: int
    lead_time_days: int
    share_received: float  # of what was ordered
    share_damaged: float  # of what was received


FACTORIES = (
    Factory("KONVEKSI-SOLO", "Konveksi Solo Jaya", "Bu Sri", "+6281311110001", 45_000, 7, 1.0, 0),
    Factory("PABRIK-KILAT", "Pabrik Kilat", "Pak Budi", "+6281311110002", 42_000, 5, 0.6, 1 / 3),
)


@dataclass
class SupplyRun:
    """What the supply phase did: the factories (by code), their POs, the products bought."""

    suppliers: dict[str, dict[str, Any]] = field(default_factory=dict)  # code → supplier
    products: list[str] = field(default_factory=list)
    purchase_orders: list[dict[str, Any]] = field(default_factory=list)  # as last read
    received: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # code → o, r, d
    admin: User | None = None  # who bought (purchasing)

    @property
    def better(self) -> dict[str, Any]:
        return self.suppliers[FACTORIES[0].code]


async def run(
    platform: Platform, cast: Cast, rng: random.Random, *, tag: str, products: int = 2
) -> SupplyRun:
    """Register the factories and their offers, then buy from each and receive the goods."""
    admin, done = cast.admin, SupplyRun(admin=cast.admin)
    suffix = tag.upper().replace("_", "-")[-6:]
    for factory in FACTORIES:
        body = {
            "code": f"{factory.code[:12]}-{suffix}",
            "name": factory.name,
            "contact_name": factory.contact,
            "whatsapp": factory.whatsapp,
            "lead_time_days": factory.lead_time_days,
        }
        supplier = await platform.call("POST", "/api/suppliers", admin, 201, json=body)
        done.suppliers[factory.code] = supplier
    for product_id in await _house_products(platform, cast, rng, products):
        variants = [v["id"] for v in (await platform.product(product_id))["variants"]][:2]
        # the grosir bundle the warehouse keeps for the product (the offers' shape)
        bundle = {"units_per_bundle": {variant: UNITS_PER_BUNDLE for variant in variants}}
        await platform.call("PUT", f"/api/grosir/bundles/{product_id}", admin, 200, json=bundle)
        for factory in FACTORIES:
            offer = {
                "unit_cost": factory.unit_cost,
                "units_per_bundle": {variant: UNITS_PER_BUNDLE for variant in variants},
                "min_bundles": 2,
            }
            supplier_id = done.suppliers[factory.code]["id"]
            path = f"/api/suppliers/{supplier_id}/catalogue/{product_id}"
            await platform.call("PUT", path, admin, 200, 201, json=offer)
        done.products.append(product_id)
    for product_id in done.products:
        for factory in FACTORIES:
            supplier_id = done.suppliers[factory.code]["id"]
            po = await _buy(platform, admin, supplier_id, product_id, factory.unit_cost)
            done.purchase_orders.append(await _receive(platform, admin, po, factory, done))
    return done


async def _house_products(
    platform: Platform, cast: Cast, rng: random.Random, count: int
) -> list[str]:
    """Seeded house products the shoppers are not buying (a bundle config shapes grosir
    ordering, so the period's shoppers keep the goods they were given)."""
    taken = {good.product_id for good in cast.house}
    found = await platform.search("", page=1, page_size=50)
    free = sorted(
        p["id"] for p in found["items"] if p["seller_id"] is None and p["id"] not in taken
    )
    return rng.sample(free, min(count, len(free)))


async def draft(
    platform: Platform,
    admin: User,
    product_id: str,
    supplier_id: str | None = None,
    *,
    unit_cost: int | None = None,
) -> dict[str, Any]:
    """A draft PO of ``BUNDLES`` bundles (to the supplier the warehouse picks unless named).

    With ``unit_cost``, waits until the warehouse has learnt the offer (``supplier.updated``
    is on its way): a draft priced otherwise is cancelled and drafted again."""
    body: dict[str, Any] = {"products": [{"product_id": product_id, "bundles": BUNDLES}]}
    if supplier_id:
        body["supplier_id"] = supplier_id
    deadline = time.monotonic() + 30
    while True:
        response = await platform.http.post(
            platform.url("/api/purchase-orders"), headers=admin.headers, json=body
        )
        if response.status_code == 422 and time.monotonic() < deadline:
            await asyncio.sleep(0.3)  # the product's bundle config is on its way
            continue
        po = dict(expect(response, 201))
        learnt = unit_cost is None or all(ln["unit_cost"] == unit_cost for ln in po["lines"])
        if learnt or time.monotonic() > deadline:
            return po
        path = f"/api/purchase-orders/{po['id']}/cancel"
        await platform.call("POST", path, admin, 200, json={"reason": "offer not learnt yet"})
        await asyncio.sleep(0.3)


async def _buy(
    platform: Platform, admin: User, supplier_id: str, product_id: str, unit_cost: int
) -> Any:
    po = await draft(platform, admin, product_id, supplier_id, unit_cost=unit_cost)
    for action in ("submit", "approve", "send"):
        po = await platform.call("POST", f"/api/purchase-orders/{po['id']}/{action}", admin, 200)
    return po


async def _receive(
    platform: Platform, admin: User, po: dict[str, Any], factory: Factory, done: SupplyRun
) -> dict[str, Any]:
    lines = []
    ordered = received = damaged = 0
    for line in po["lines"]:
        came = round(line["units_ordered"] * factory.share_received)
        broken = round(came * factory.share_damaged)
        lines.append({"variant_id": line["variant_id"], "received": came, "damaged": broken})
        ordered, received, damaged = (
            ordered + line["units_ordered"],
            received + came,
            damaged + broken,
        )
    path = f"/api/purchase-orders/{po['id']}/receive"
    try:
        result = await platform.call(
            "POST", path, admin, 200, 201, json={"lines": lines, "final": True}
        )
    except ApiError as error:
        raise RuntimeError(f"receiving {po['number']}: {error}") from error
    before = done.received.get(factory.code, (0, 0, 0))
    done.received[factory.code] = (
        before[0] + ordered,
        before[1] + received,
        before[2] + damaged,
    )
    return dict(result)


def render(done: SupplyRun, console: Console) -> None:
    """What each factory was ordered and delivered (its POs approved, sent by WhatsApp)."""
    table = Table(title="factories: ordered, received, damaged")
    for column in ("factory", "POs", "ordered", "received", "damaged"):
        table.add_column(column, justify="left" if column == "factory" else "right")
    for factory in FACTORIES:
        ordered, received, damaged = done.received.get(factory.code, (0, 0, 0))
        pos = sum(
            po["supplier_id"] == done.suppliers[factory.code]["id"] for po in done.purchase_orders
        )
        table.add_row(factory.name, str(pos), str(ordered), str(received), str(damaged))
    console.print(table)
