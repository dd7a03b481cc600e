"""The people of a simulated trading period, and the goods they trade.

Staff are made the way an operator makes them: the first admin through the auth service layer
(as ``lakoo admin create``), the brand manager's role given by that admin through the gateway.
Sellers become sellers as real shops do, through the seller service: they apply with a pickup
address in a real village, upload a KTP, are verified by the admin (which makes them sellers in
auth), sign in again and register a payout account validated by name at the bank. The house
goods come from the seeded catalogue (``lakoo seed``); sellers list products of their own.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

from lakoo.simulate.client import PASSWORD, Platform, User

# words of the seeded catalogue's garments (lakoo/seed/fashion.py), for shoppers' searches
SEARCHES = ("kemeja", "batik", "kaos", "dress", "celana", "hoodie", "rok", "kebaya", "jaket")
# places shoppers live; each search finds real Kemendagri villages with their postcodes
PLACES = ("Gambir", "Menteng", "Kebayoran Baru", "Coblong", "Tegalsari", "Denpasar", "Medan")
# the simulated shops, and who owns each (its legal name, the bank account's holder)
SHOPS = (
    ("Toko Rotan Sari", "Sari Handayani"),
    ("Kulit Garut Jaya", "Asep Hidayat"),
    ("Tenun Ikat Nusa", "Maria Kolo"),
    ("Batik Pekalongan Ayu", "Ayu Lestari"),
)
# where sellers' parcels are collected: the village of the order service's default seller
# origin (10110), so the shipping quotes are those the platform gave before sellers had shops
PICKUP_VILLAGE, PICKUP_POSTCODE = "Gambir", "10110"
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
    shops: dict[str, dict[str, Any]] = field(default_factory=dict)  # seller id → shop
    seller_goods: list[Good] = field(default_factory=list)


async def _admin(platform: Platform, tag: str) -> User:
    from lakoo.commands.admin import create_admin

    email = f"sim-admin-{tag}@lakoo.id"
    await create_admin(email, PASSWORD, "LAKOO Simulator Admin")
    return await platform.login(email)


async def pickup_region(platform: Platform) -> dict[str, Any]:
    """The real village (with its postcode) sellers' pickup addresses are in."""
    for region in await platform.regions(PICKUP_VILLAGE):
        if (region["village"].lower(), region["postal_code"]) == (
            PICKUP_VILLAGE.lower(),
            PICKUP_POSTCODE,
        ):
            return region
    raise RuntimeError(f"no village {PICKUP_VILLAGE} ({PICKUP_POSTCODE}) in the address service")


def shop_of(number: int) -> tuple[str, str]:
    """The ``number``-th simulated shop's name and owner (names repeat with a suffix)."""
    name, owner = SHOPS[number % len(SHOPS)]
    rounds = number // len(SHOPS)
    return (f"{name} {rounds + 1}" if rounds else name), owner


async def open_shop(
    platform: Platform, admin: User, region: dict[str, Any], shop_name: str, owner: str
) -> tuple[User, dict[str, Any]]:
    """A new user who opens a verified shop with a validated bank account: the seller signed
    in with the seller role, and the shop."""
    user = await platform.register(full_name=owner)
    return await platform.open_shop(
        admin, user, shop_name=shop_name, legal_name=owner, region=region
    )


async def assemble(platform: Platform, *, sellers: int, tag: str) -> Cast:
    """An admin, ``sellers`` verified shops and a brand manager of every house brand."""
    admin = await _admin(platform, tag)
    region = await pickup_region(platform)
    opened, manager = await asyncio.gather(
        asyncio.gather(*(open_shop(platform, admin, region, *shop_of(n)) for n in range(sellers))),
        platform.register(full_name="Rina Brand Manager"),
    )
    manager = await platform.promote(admin, manager, "brand_manager")
    for brand in await platform.brands():
        await platform.assign_brand(admin, brand["id"], manager)
    return Cast(
        admin=admin,
        sellers=[seller for seller, _ in opened],
        manager=manager,
        shops={seller.id: shop for seller, shop in opened},
    )


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
