"""Brand pricing arithmetic: margins are fractions of cost, prices whole rupiah.

DOMAIN.md says a brand price "must keep at least the min margin over the variant's cost": we
read that as a markup on cost, so with cost 100,000 and min margin 30% the lowest allowed price
is 130,000 and the default (50%) suggestion is 150,000. Rounding goes up, never below the rule.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal


def minimum_price(cost: int, min_margin: Decimal) -> int:
    """The lowest brand price that keeps ``min_margin`` over ``cost``."""
    return int((Decimal(cost) * (1 + min_margin)).to_integral_value(rounding=ROUND_CEILING))


def default_price(cost: int, default_margin: Decimal) -> int:
    """The price a brand suggests for a variant at its default margin."""
    return minimum_price(cost, default_margin)


def keeps_margin(price: int, cost: int, min_margin: Decimal) -> bool:
    """Whether ``price`` keeps at least ``min_margin`` over ``cost``."""
    return price >= minimum_price(cost, min_margin)
