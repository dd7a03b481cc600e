"""Which price a cart line gets, and which additions are refused before touching the cart."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from api.cart.clients import Offer
from api.cart.errors import NotAvailable
from api.cart.service import validate_offer
from api.kit.errors import Unprocessable

BRAND = uuid4()


def offer(seller: UUID | None = None, status: str = "active") -> Offer:
    return Offer(
        variant_id=uuid4(),
        product_id=uuid4(),
        seller_id=seller,
        sku="SKU",
        name="Kaos",
        size="M",
        color=None,
        price=10_000,
        status=status,
        brand_prices={} if seller else {BRAND: 15_000},
    )


def test_house_item_takes_its_brand_price() -> None:
    house = offer()
    assert validate_offer(house, variant_id=house.variant_id, brand_id=BRAND) == 15_000


def test_seller_item_takes_the_variant_price() -> None:
    sold = offer(seller=uuid4())
    assert validate_offer(sold, variant_id=sold.variant_id, brand_id=None) == 10_000


@pytest.mark.parametrize(
    ("seller", "brand", "field"),
    [(None, None, "brand_id"), (None, "other", "brand_id"), ("seller", BRAND, "brand_id")],
)
def test_wrong_brand_is_refused_naming_brand_id(
    seller: str | None, brand: UUID | str | None, field: str
) -> None:
    item = offer(seller=uuid4() if seller else None)
    brand_id = uuid4() if brand == "other" else brand
    with pytest.raises(Unprocessable) as caught:
        validate_offer(item, variant_id=item.variant_id, brand_id=brand_id)  # type: ignore[arg-type]
    assert caught.value.errors is not None and caught.value.errors[0]["field"] == field


def test_unknown_and_inactive_variants_are_refused() -> None:
    with pytest.raises(Unprocessable):
        validate_offer(None, variant_id=uuid4(), brand_id=None)
    inactive = offer(seller=uuid4(), status="inactive")
    with pytest.raises(NotAvailable):
        validate_offer(inactive, variant_id=inactive.variant_id, brand_id=None)
