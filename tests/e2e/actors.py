"""The people of an end-to-end test: staff accounts, and products they put on sale.

Everything goes through the gateway (``lakoo.simulate.client``) except the first admin, who is
made the way an operator makes one: ``lakoo admin create`` against the auth database.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from lakoo.simulate.client import PASSWORD, Platform, User


@dataclass
class Staff:
    admin: User
    seller: User
    brand_manager: User


@dataclass
class OnSale:
    """A variant a buyer can cart: its product, its brand (house items) and its price."""

    product_id: str
    variant_id: str
    brand_id: str | None
    price: int
    seller_id: str | None = None


def create_admin(env: dict[str, str]) -> str:
    """``lakoo admin create`` on the test's auth database; returns the admin's email."""
    email = f"admin.{uuid4().hex[:8]}@lakoo.id"
    subprocess.run(
        [sys.executable, "-m", "lakoo.cli", "admin", "create", "--email", email],
        input=f"{PASSWORD}\n",
        text=True,
        env={**os.environ, "LAKOO_ENV": "test", **env},
        check=True,
        capture_output=True,
    )
    return email


async def staff(platform: Platform, env: dict[str, str]) -> Staff:
    """An admin, a seller and the first house brand's manager (roles given by the admin)."""
    admin = await platform.login(await asyncio.to_thread(create_admin, env))
    seller, manager = await asyncio.gather(
        platform.register(full_name="Toko Batik Sari"), platform.register(full_name="Rina")
    )
    seller, manager = await asyncio.gather(
        platform.promote(admin, seller, "seller"), platform.promote(admin, manager, "brand_manager")
    )
    await platform.assign_brand(admin, (await platform.brands())[0]["id"], manager)
    return Staff(admin=admin, seller=seller, brand_manager=manager)


def product_body(word: str, *, price: int, weight: int = 400) -> dict[str, Any]:
    """A one-variant product whose name carries ``word`` (so a search finds it alone)."""
    sku = f"E2E-{uuid4().hex[:10].upper()}"
    return {
        "name": f"Kemeja Batik {word}",
        "description": f"Kemeja batik tulis {word}, katun primisima",
        "variants": [
            {
                "sku": sku,
                "size": "M",
                "color": "Biru",
                "price": price,
                "cost_price": price // 2,
                "weight_grams": weight,
            }
        ],
    }


async def house_item(
    platform: Platform, staff: Staff, word: str, *, stock: int, brand_price: int
) -> OnSale:
    """A house product stocked in the warehouse and priced under the first house brand."""
    product = await platform.create_product(staff.admin, product_body(word, price=brand_price))
    variant_id = product["variants"][0]["id"]
    await platform.adjust_stock(staff.admin, variant_id, stock)
    brand_id = (await platform.brands())[0]["id"]
    await platform.set_brand_price(staff.brand_manager, brand_id, variant_id, brand_price)
    await wait_for_offer(platform, product["id"], brand_id)
    return OnSale(product["id"], variant_id, brand_id, brand_price)


async def seller_item(platform: Platform, staff: Staff, word: str, *, stock: int) -> OnSale:
    """A seller's own product, stocked by the seller."""
    price = 85_000
    product = await platform.create_product(staff.seller, product_body(word, price=price))
    variant_id = product["variants"][0]["id"]
    await platform.adjust_stock(staff.seller, variant_id, stock)
    return OnSale(product["id"], variant_id, None, price, seller_id=staff.seller.id)


async def wait_for_offer(
    platform: Platform, product_id: str, brand_id: str, timeout: float = 30.0
) -> None:
    """Until the product service learnt the brand price (``brand.price_updated`` via Kafka)."""
    async with asyncio.timeout(timeout):
        while True:
            product = await platform.product(product_id)
            offers = product["variants"][0].get("brand_offers") or []
            if any(o["brand_id"] == brand_id for o in offers):
                return
            await asyncio.sleep(0.2)


async def buyer_ready(platform: Platform, *items: tuple[OnSale, int]) -> tuple[User, str]:
    """A new buyer with ``items`` in the cart and an address in Gambir: (buyer, address id)."""
    buyer = await platform.register()
    for item, quantity in items:
        await platform.add_to_cart(buyer, item.variant_id, quantity, item.brand_id)
    gambir = [r for r in await platform.regions("Gambir") if r["village"].lower() == "gambir"]
    address = await platform.add_address(buyer, gambir[0])
    return buyer, str(address["id"])
