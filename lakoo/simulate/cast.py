"""The people of a simulated trading period, and the goods they trade.

Staff are made the way an operator makes them: the first admin through the auth service layer
(as ``lakoo admin create``), every other role given by that admin through the gateway. The
house goods come from the seeded catalogue (``lakoo seed``); sellers list products of their own.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from uuid import uuid4

from lakoo.simulate.client import PASSWORD, Platform, User

# words of the seeded catalogue's garments (lakoo/seed/fashion.py), for shoppers' searches
SEARCHES = ("kemeja", "batik", "kaos", "dress", "celana", "hoodie", "rok", "kebaya", "jaket")
# places shoppers live; each search finds real Kemendagri villages with their postcodes
PLACES = ("Gambir", "Menteng", "Kebayoran Baru", "Coblong", "Tegalsari", "Denpasar", "Medan")
SELLER_GOODS = (
    ("Tas Anyaman Rotan", 145_000, 600),
    ("Sandal Kulit Garut", 120_000, 700),
    ("Syal Tenun Ikat", 95_000, 200),
    ("Dompet Batik", 65_000, 150),
)


@dataclass(frozen=True)
class Good:
    """One purchasable unit: a variant (and the brand it is sold under, for house items)."""

    product_id: str
    variant_id: str
    brand_id: str | None
    price: int
    seller: User | None = None


@dataclass
class Cast:
    admin: User
    sellers: list[User]
    manager: User
    house: list[Good] = field(default_factory=list)
    seller_goods: list[Good] = field(default_factory=list)


async def _admin(platform: Platform, tag: str) -> User:
    from lakoo.commands.admin import create_admin

    email = f"sim-admin-{tag}@lakoo.id"
    await create_admin(email, PASSWORD, "LAKOO Simulator Admin")
    return await platform.login(email)


async def assemble(platform: Platform, *, sellers: int, tag: str) -> Cast:
    """An admin, ``sellers`` sellers and a brand manager of every house brand."""
    admin = await _admin(platform, tag)
    people = await asyncio.gather(
        *(platform.register(full_name=f"Toko {n + 1}") for n in range(sellers)),
        platform.register(full_name="Rina Brand Manager"),
    )
    promoted = await asyncio.gather(
        *(platform.promote(admin, p, "seller") for p in people[:-1]),
        platform.promote(admin, people[-1], "brand_manager"),
    )
    manager = promoted[-1]
    for brand in await platform.brands():
        await platform.assign_brand(admin, brand["id"], manager)
    return Cast(admin=admin, sellers=list(promoted[:-1]), manager=manager)


async def stock_house_goods(
    platform: Platform, cast: Cast, rng: random.Random, *, count: int, units: int
) -> None:
    """Pick ``count`` seeded house variants that have brand offers and stock them."""
    candidates: list[Good] = []
    page = 1
    while len(candidates) < count * 3 and page <= 10:
        found = await platform.search("", page=page, page_size=50)
        for summary in found["items"]:
            if summary["seller_id"] is None and summary["brand_names"]:
                candidates.append(Good(summary["id"], "", None, summary["min_price"]))
        if page * 50 >= found["total"]:
            break
        page += 1
    chosen = rng.sample(candidates, min(count, len(candidates)))
    for good in chosen:
        product = await platform.product(good.product_id)
        variant = rng.choice([v for v in product["variants"] if v["brand_offers"]])
        offer = rng.choice(variant["brand_offers"])
        await platform.adjust_stock(cast.admin, variant["id"], units, reason="simulated receipt")
        cast.house.append(Good(good.product_id, variant["id"], offer["brand_id"], offer["price"]))


async def list_seller_goods(platform: Platform, cast: Cast, *, units: int) -> None:
    """Each seller lists and stocks two products of its own."""
    for index, seller in enumerate(cast.sellers):
        for name, price, weight in (SELLER_GOODS[index % 4], SELLER_GOODS[(index + 1) % 4]):
            sku = f"SIM-{uuid4().hex[:10].upper()}"
            body = {
                "name": f"{name} {seller.email.split('@')[0][-4:]}",
                "description": f"{name}, buatan tangan pengrajin lokal",
                "variants": [{"sku": sku, "price": price, "weight_grams": weight}],
            }
            product = await platform.create_product(seller, body)
            variant_id = product["variants"][0]["id"]
            await platform.adjust_stock(seller, variant_id, units, reason="simulated receipt")
            cast.seller_goods.append(Good(product["id"], variant_id, None, price, seller))
