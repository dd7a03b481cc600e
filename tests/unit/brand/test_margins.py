"""Brand price arithmetic: the minimum margin is a markup on cost, rounded up."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from api.brand.house_brands import HOUSE_BRANDS, brand_id
from api.brand.margins import keeps_margin, minimum_price

MIN = Decimal("0.3")


def test_minimum_price_is_cost_plus_thirty_percent() -> None:
    assert minimum_price(120_000, MIN) == 156_000
    assert keeps_margin(156_000, 120_000, MIN) and not keeps_margin(155_999, 120_000, MIN)


@given(st.integers(min_value=0, max_value=10**9))
def test_minimum_price_never_undercuts_the_margin(cost: int) -> None:
    lowest = minimum_price(cost, MIN)
    assert lowest * 10 >= cost * 13 and (lowest - 1) * 10 < cost * 13


def test_fifteen_distinct_house_brands_with_stable_ids() -> None:
    assert len(HOUSE_BRANDS) == 15
    assert len({b.code for b in HOUSE_BRANDS}) == len({b.name for b in HOUSE_BRANDS}) == 15
    assert HOUSE_BRANDS[0].id == brand_id(HOUSE_BRANDS[0].code)
