"""Turning a cart into orders: server-side prices, the price-change rule, the split (pure).

The price rule (docs/checkout.md): the cart keeps, per line, the price the buyer saw (the
snapshot). Checkout always charges the *current* price, computed here from the catalogue; if it
differs from the snapshot the checkout is refused with 409 ``price-changed`` naming the lines,
and goes through only after the buyer accepts the new price in the cart (the snapshot becomes
the current price). A buyer is never charged a price they did not see — up or down.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from uuid import NAMESPACE_URL, UUID, uuid5

from api.kit.errors import Unprocessable
from api.order.errors import ItemUnavailable, PriceChanged


@dataclass(frozen=True, slots=True)
class CartLine:
    """A line of the buyer's cart as the cart service stores it."""

    cart_item_id: UUID
    variant_id: UUID
    brand_id: UUID | None
    quantity: int
    unit_price: int
    available: bool
    unavailable_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Offer:
    """A variant as the product service sells it now."""

    variant_id: UUID
    product_id: UUID
    seller_id: UUID | None
    sku: str
    name: str
    size: str | None
    color: str | None
    price: int
    weight_grams: int
    status: str
    brand_prices: dict[UUID, int] = field(default_factory=dict)

    def price_for(self, brand_id: UUID | None) -> int | None:
        """(brand, variant) price for house items; the variant's own price for sellers'."""
        if self.seller_id is None:
            return None if brand_id is None else self.brand_prices.get(brand_id)
        return None if brand_id is not None else self.price


@dataclass(frozen=True, slots=True)
class PricedLine:
    """A cart line with its current price and what it will be frozen as."""

    line: CartLine
    offer: Offer
    unit_price: int

    @property
    def line_total(self) -> int:
        return self.unit_price * self.line.quantity

    @property
    def weight_grams(self) -> int:
        return self.offer.weight_grams * self.line.quantity


@dataclass(frozen=True, slots=True)
class PlannedOrder:
    """One order of a checkout before it is written: its id is derived, so replays agree."""

    order_id: UUID
    seller_id: UUID | None
    lines: tuple[PricedLine, ...]

    @property
    def fulfilment(self) -> str:
        return "house" if self.seller_id is None else "seller"

    @property
    def subtotal(self) -> int:
        return sum(line.line_total for line in self.lines)

    @property
    def weight_grams(self) -> int:
        return sum(line.weight_grams for line in self.lines)

    def order_item_id(self, line: PricedLine) -> UUID:
        """The order-item id of a line (derived: a replayed checkout reserves the same ids)."""
        return uuid5(self.order_id, str(line.line.cart_item_id))


def price_lines(lines: list[CartLine], offers: dict[UUID, Offer]) -> list[PricedLine]:
    """Every line at today's price; 422 for an empty cart, 409 for unavailable or moved prices."""
    if not lines:
        raise Unprocessable("Your cart is empty", field="cart")
    priced: list[PricedLine] = []
    changes: list[dict[str, object]] = []
    for index, line in enumerate(lines):
        offer = offers.get(line.variant_id)
        price = offer.price_for(line.brand_id) if offer and offer.status == "active" else None
        if not line.available or offer is None or price is None:
            reason = line.unavailable_reason or "No longer sold"
            raise ItemUnavailable(
                f"Cart item {line.cart_item_id} cannot be bought now: {reason}",
                field=f"items.{index}",
                cart_item_id=str(line.cart_item_id),
                variant_id=str(line.variant_id),
            )
        if price != line.unit_price:
            changes.append(
                {
                    "field": f"items.{index}.unit_price",
                    "message": f"price changed from {line.unit_price} to {price}",
                    "cart_item_id": str(line.cart_item_id),
                    "variant_id": str(line.variant_id),
                    "previous_price": line.unit_price,
                    "current_price": price,
                }
            )
        priced.append(PricedLine(line=line, offer=offer, unit_price=price))
    if changes:
        raise PriceChanged(changes)
    return priced


def split(checkout_id: UUID, lines: list[PricedLine]) -> list[PlannedOrder]:
    """One order per fulfilment source: the house's lines together, one order per seller."""
    groups: dict[UUID | None, list[PricedLine]] = defaultdict(list)
    for line in lines:
        groups[line.offer.seller_id].append(line)
    # house first, then sellers by id: a stable order for answers, events and replays
    sources = sorted(groups, key=lambda s: (s is not None, str(s)))
    return [
        PlannedOrder(
            order_id=uuid5(NAMESPACE_URL, f"lakoo:order:{checkout_id}:{source or 'house'}"),
            seller_id=source,
            lines=tuple(groups[source]),
        )
        for source in sources
    ]
