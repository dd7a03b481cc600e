"""The auction of DOMAIN.md, free of I/O: rank by bid × quality, price by generalized second price.

quality = the campaign's smoothed click-through rate, (clicks + 1) / (impressions + 100).

CPC and CPM campaigns compete on what one impression is expected to be worth:

    CPC  value = bid × quality          (rupiah per click × clicks per impression)
    CPM  value = bid ÷ 1000             (rupiah per 1,000 impressions ÷ 1,000)

The price is the least bid that keeps the rank: the value of the next ad down, converted back
into the ad's own terms — ``next_value ÷ own_quality`` per click for CPC (DOMAIN.md's
``next_bid × next_quality ÷ own_quality``), ``next_value × 1000`` per 1,000 for CPM — rounded up
to the rupiah, at least the floor, never above the own bid. The last ad (or a lone one) has no
one below it and pays the floor. Equal values are ordered by the older campaign first (then by
id), and a tie prices at the own bid: one rupiah less would lose the rank.

Arithmetic is exact (``Fraction``): a price must not depend on float rounding.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from uuid import UUID

SMOOTH_CLICKS = 1
SMOOTH_IMPRESSIONS = 100


@dataclass(frozen=True, slots=True)
class Bidder:
    """An eligible campaign as the auction sees it."""

    campaign_id: UUID
    pricing_model: str  # cpc | cpm
    bid: int
    clicks: int
    impressions: int
    created_at: datetime

    @property
    def quality(self) -> Fraction:
        return Fraction(self.clicks + SMOOTH_CLICKS, self.impressions + SMOOTH_IMPRESSIONS)

    @property
    def value(self) -> Fraction:
        """Expected rupiah per impression."""
        if self.pricing_model == "cpm":
            return Fraction(self.bid, 1000)
        return self.bid * self.quality


@dataclass(frozen=True, slots=True)
class Slot:
    """A won position and its price (per click for CPC, per 1,000 impressions for CPM)."""

    bidder: Bidder
    position: int
    price: int


def rank(bidders: list[Bidder]) -> list[Bidder]:
    """Bidders best first: value, then the older campaign, then the id (a total order)."""
    return sorted(bidders, key=lambda b: (-b.value, b.created_at, b.campaign_id))


def price_for(own: Bidder, below: Bidder | None, *, floor: int) -> int:
    """The second price of ``own`` given the next bidder down (none: the floor)."""
    if below is None:
        needed = Fraction(0)
    elif own.pricing_model == "cpm":
        needed = below.value * 1000
    else:
        needed = below.value / own.quality
    return min(own.bid, max(floor, math.ceil(needed)))


def run(bidders: list[Bidder], *, slots: int, floors: Mapping[str, int]) -> list[Slot]:
    """Fill up to ``slots`` positions (1-based) from ``bidders``; ``floors`` per pricing model."""
    ordered = rank(bidders)
    won: list[Slot] = []
    for index, bidder in enumerate(ordered[:slots]):
        below = ordered[index + 1] if index + 1 < len(ordered) else None
        price = price_for(bidder, below, floor=floors[bidder.pricing_model])
        won.append(Slot(bidder, index + 1, price))
    return won
