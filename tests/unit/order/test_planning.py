"""Pricing a cart on the server and splitting it into one order per fulfilment source."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.kit.errors import Unprocessable
from api.order.errors import ItemUnavailable, PriceChanged
from api.order.planning import CartLine, Offer, price_lines, split

BRAND = uuid4()


def offer(seller: UUID | None = None, price: int = 10_000, brand_price: int = 12_000) -> Offer:
    return Offer(
        variant_id=uuid4(),
        product_id=uuid4(),
        seller_id=seller,
        sku="SKU",
        name="Kaos",
        size="M",
        color=None,
        price=price,
        weight_grams=200,
        status="active",
        brand_prices={} if seller else {BRAND: brand_price},
    )


def line(o: Offer, quantity: int = 1, unit_price: int | None = None) -> CartLine:
    brand = None if o.seller_id else BRAND
    price = o.price_for(brand) if unit_price is None else unit_price
    assert price is not None
    return CartLine(uuid4(), o.variant_id, brand, quantity, price, available=True)


def test_house_items_are_priced_at_the_brand_price() -> None:
    house = offer()
    (priced,) = price_lines([line(house, 2)], {house.variant_id: house})
    assert (priced.unit_price, priced.line_total) == (12_000, 24_000)


def test_empty_cart_is_refused_naming_the_cart() -> None:
    with pytest.raises(Unprocessable) as caught:
        price_lines([], {})
    assert caught.value.errors == [
        {"field": "cart", "message": "Your cart is empty", "type": "domain"}
    ]


def test_a_moved_price_is_refused_naming_the_line() -> None:
    sold = offer(seller=uuid4(), price=10_000)
    with pytest.raises(PriceChanged) as caught:
        price_lines([line(sold, unit_price=9_000)], {sold.variant_id: sold})
    assert caught.value.errors is not None
    assert caught.value.errors[0]["field"] == "items.0.unit_price"


def test_an_unavailable_line_is_refused() -> None:
    sold = offer(seller=uuid4())
    locked = CartLine(uuid4(), sold.variant_id, None, 1, sold.price, False, "locked")
    with pytest.raises(ItemUnavailable):
        price_lines([locked], {sold.variant_id: sold})


@given(st.lists(st.sampled_from([None, "a", "b", "c"]), min_size=1, max_size=12))
def test_split_gives_one_order_per_source_and_keeps_every_line(sources: list[str | None]) -> None:
    sellers = {name: uuid4() for name in ("a", "b", "c")}
    offers = [offer(seller=sellers[s] if s else None) for s in sources]
    lines = price_lines([line(o) for o in offers], {o.variant_id: o for o in offers})
    checkout = uuid4()

    orders = split(checkout, lines)

    assert len(orders) == len(set(sources))
    assert sum(len(o.lines) for o in orders) == len(lines)
    assert all(len({ln.offer.seller_id for ln in o.lines}) == 1 for o in orders)
    assert [o.order_id for o in split(checkout, lines)] == [o.order_id for o in orders]
    assert sum(o.subtotal for o in orders) == sum(ln.line_total for ln in lines)
