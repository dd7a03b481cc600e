"""One shopper's journey: sign up, search, browse, cart, address, check out, pay (or not).

Every choice comes from the shopper's own ``random.Random`` (derived from the run's seed and the
shopper's number), so the same seed makes the same decisions whatever order the network answers
in; what the platform answers (a 409 when stock ran out) is recorded, not assumed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from lakoo.simulate import ads as advertising
from lakoo.simulate.cast import PLACES, SEARCHES, Cast, Good
from lakoo.simulate.client import ApiError, Platform, User

PAY_RATE = 0.85  # the others leave the invoice unpaid: it expires with the payment window


@dataclass
class Placed:
    """An order the simulation placed, with who may act on it."""

    id: str
    buyer: User
    seller: User | None
    total: int
    paid: bool = False
    status: str = "pending_payment"


@dataclass
class Journey:
    """What one shopper did."""

    shopper: int
    checked_out: bool = False
    refused: str | None = None
    orders: list[Placed] = field(default_factory=list)


def _basket(rng: random.Random, cast: Cast) -> list[tuple[Good, int]]:
    basket = [(good, rng.randint(1, 2)) for good in rng.sample(cast.house, rng.randint(1, 2))]
    if cast.seller_goods and rng.random() < 0.5:
        basket.append((rng.choice(cast.seller_goods), 1))
    return basket


async def shop(
    platform: Platform,
    cast: Cast,
    *,
    number: int,
    seed: int,
    tag: str,
    ads: advertising.AdTotals | None = None,
) -> Journey:
    """One shopper from sign-up to (maybe) payment; with ``ads``, some also look for
    handicrafts and see sponsored results (a billable click may end in the basket)."""
    rng = random.Random(seed * 100_003 + number)
    ad_rng = random.Random(f"{seed}:ads:{number}")  # the ads' own dice: the rest stays as it was
    journey = Journey(shopper=number)
    buyer = await platform.register(
        f"shopper{number}.{tag}@example.id", full_name=f"Pembeli {number}"
    )
    hits = await platform.search(rng.choice(SEARCHES))
    for hit in hits["items"][: rng.randint(1, 3)]:  # browsing: product pages
        await platform.product(hit["id"])
    advertised: list[Good] = []
    if ads is not None and ad_rng.random() < advertising.SEEING_RATE:
        ip = advertising.shopper_ip(seed, number)
        try:
            advertised = await advertising.see_sponsored(platform, buyer, ad_rng, ip, ads)
        except ApiError as exc:  # the ads' trouble is not the shopping's
            ads.failures.append(f"shopper {number}: {exc}")
    carted_ads = 0
    try:
        for good, quantity in _basket(rng, cast):
            await platform.add_to_cart(buyer, good.variant_id, quantity, good.brand_id)
        for good in advertised:  # what the sponsored result brought
            await platform.add_to_cart(buyer, good.variant_id, 1, good.brand_id)
            carted_ads += 1
    except ApiError as exc:  # sold out while browsing: the cart keeps what it could take
        journey.refused = f"cart {exc.status}"
    regions = await platform.regions(rng.choice(PLACES))
    address = await platform.add_address(
        buyer, rng.choice(regions[:5]), recipient_name=f"Pembeli {number}"
    )
    if not (await platform.cart(buyer))["items"]:
        return journey
    response = await platform.checkout(buyer, str(address["id"]), key=f"sim-{tag}-{number}")
    if response.status_code != 201:
        journey.refused = f"checkout {response.status_code}"
        return journey
    checkout: dict[str, Any] = response.json()
    journey.checked_out = True
    sellers = {g.seller.id: g.seller for g in cast.seller_goods if g.seller}
    journey.orders = [
        Placed(o["id"], buyer, sellers.get(o["seller_id"] or ""), o["total"])
        for o in checkout["orders"]
    ]
    if rng.random() < PAY_RATE:
        await platform.pay(
            checkout["payment"]["invoice_id"], rng.choice(("BANK_TRANSFER", "QR_CODE", "EWALLET"))
        )
        for order in journey.orders:
            order.paid = True
        if ads is not None:
            ads.bought_after_click += carted_ads
    return journey
