"""The trading week's own cases, so that its settlement shows every rule at work.

The simulated crowd decides at random; these orders are certain, placed through the gateway as
their users would place them, in one checkout:

- Toko Batik Laras sells a batik cloth well above the Rp 50,000 minimum payout; after the order
  completes, support refunds part of it as goodwill (a refund on a completed order comes off the
  seller's settlement of the week);
- Toko Kecil Ratna's only sale of the week is a Rp 35,000 keychain: under the minimum, its net is
  carried over to the next week instead of paid;
- a house-brand garment from the seeded catalogue, settled apart from the sellers.

Both shops open as real ones do (:func:`lakoo.simulate.cast.open_shop`): an application with a
pickup address in a real village, a KTP, the admin's verification, a payout bank account
validated by name; so their names are the shop names the finance pack shows.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import uuid4

from lakoo.demo.context import Demo
from lakoo.simulate import cast
from lakoo.simulate.client import PASSWORD, Platform, User

GOODWILL_REFUND = 25_000
# the two shops: name and owner (the legal name the bank account is held in)
SHOPS = {
    "laras": ("Toko Batik Laras", "Laras Sulistyowati"),
    "ratna": ("Toko Kecil Ratna", "Ratna Wijayanti"),
}
_GOODS = {
    "laras": ("Kain Batik Tulis Laras", 175_000, 400),
    "ratna": ("Gantungan Kunci Anyaman Ratna", 35_000, 50),
}


@dataclass(frozen=True)
class WeekCases:
    """The orders placed here, by who sold them, and the goodwill refund."""

    orders: dict[str, str]  # "laras" | "ratna" | "house" → order id
    sellers: dict[str, str]  # "laras" | "ratna" → seller id
    logins: dict[str, str]  # "laras" | "ratna" → the seller's email (it signs in again later)
    refund_number: str


async def _seller(
    platform: Platform, admin: User, region: dict[str, Any], key: str
) -> tuple[User, dict[str, Any]]:
    """A shop opened through the seller service (verified, its bank account validated), then its
    one product listed and stocked."""
    name, price, weight = _GOODS[key]
    seller, _ = await cast.open_shop(platform, admin, region, *SHOPS[key])
    body = {
        "name": name,
        "description": f"{name}, buatan tangan pengrajin lokal",
        "variants": [{"sku": f"DEMO-{uuid4().hex[:10].upper()}", "price": price,
                      "weight_grams": weight}],
    }  # fmt: skip
    product = await platform.create_product(seller, body)
    await platform.adjust_stock(seller, product["variants"][0]["id"], 5, reason="first stock")
    return seller, product


async def _refund(platform: Platform, admin: User, payment_id: str, order_id: str) -> str:
    body = {"order_id": order_id, "amount": GOODWILL_REFUND, "reason": "Goodwill: kain cacat"}
    path = f"/api/payments/{payment_id}/refunds"
    refund = await platform.call("POST", path, admin, 201, json=body)
    async with asyncio.timeout(90):  # the refund job pays it out through Xendit
        while refund["status"] != "completed":
            if refund["status"] == "failed":
                raise RuntimeError(f"refund {refund['number']} failed: {refund['failure_reason']}")
            await asyncio.sleep(0.5)
            refund = await platform.call("GET", f"/api/refunds/{refund['id']}", admin, 200)
    return str(refund["number"])


async def place(demo: Demo) -> WeekCases:
    """Place, pay, deliver and complete the three orders; refund part of Laras's."""
    from lakoo.commands.admin import create_admin

    async with Platform(demo.endpoints) as platform:
        email = f"demo-admin-{uuid4().hex[:6]}@lakoo.id"
        await create_admin(email, PASSWORD, "LAKOO Demo Admin")
        admin = await platform.login(email)
        region = await cast.pickup_region(platform)
        (laras, laras_product), (ratna, ratna_product) = await asyncio.gather(
            _seller(platform, admin, region, "laras"), _seller(platform, admin, region, "ratna")
        )
        crew = cast.Cast(admin=admin, sellers=[laras, ratna], manager=admin)
        await cast.stock_house_goods(platform, crew, random.Random(13), count=1, units=5)
        house = crew.house[0]

        buyer = await platform.register(full_name="Dewi Lestari")
        await platform.add_to_cart(buyer, house.variant_id, 1, house.brand_id)
        for product in (laras_product, ratna_product):
            await platform.add_to_cart(buyer, product["variants"][0]["id"], 1)
        gambir = [r for r in await platform.regions("Gambir") if r["village"].lower() == "gambir"]
        address = await platform.add_address(buyer, gambir[0], recipient_name="Dewi Lestari")
        response = await platform.checkout(buyer, str(address["id"]))
        if response.status_code != 201:
            raise RuntimeError(f"the week's checkout: {response.status_code} {response.text}")
        checkout = response.json()
        sellers = {laras.id: ("laras", laras), ratna.id: ("ratna", ratna)}
        orders = {sellers[o["seller_id"]][0] if o["seller_id"] else "house": o["id"]
                  for o in checkout["orders"]}  # fmt: skip
        await platform.pay(checkout["payment"]["invoice_id"])
        for order in checkout["orders"]:
            await platform.wait_for_status(buyer, order["id"], "paid", "processing", timeout=60)
            if order["seller_id"]:
                await platform.order_action(sellers[order["seller_id"]][1], order["id"], "accept")
        for order_id in orders.values():
            await platform.deliver(order_id, timeout=60)
            await platform.wait_for_status(buyer, order_id, "delivered", timeout=60)
            await platform.order_action(buyer, order_id, "complete")
        number = await _refund(platform, admin, checkout["payment"]["id"], orders["laras"])
    return WeekCases(orders=orders, sellers={"laras": laras.id, "ratna": ratna.id},
                     logins={"laras": laras.email, "ratna": ratna.email},
                     refund_number=number)  # fmt: skip


def run(demo: Demo) -> None:
    """The step: the three orders completed and the refund paid, in the trading week."""
    cases = asyncio.run(place(demo))
    demo.results["week_cases"] = cases
    laras, ratna = SHOPS["laras"][0], SHOPS["ratna"][0]
    demo.console.print(
        f"two shops opened (applied, verified, bank accounts validated): {laras}, {ratna}"
    )
    demo.console.print(
        f"one checkout, three orders completed on {demo.week.monday + timedelta(days=2):%a %d %b}: "
        f"{laras} Rp {_GOODS['laras'][1]:,} (then refund {cases.refund_number}, "
        f"Rp {GOODWILL_REFUND:,} goodwill), {ratna} Rp {_GOODS['ratna'][1]:,} (under the "
        f"minimum payout), and a house-brand garment"
    )
