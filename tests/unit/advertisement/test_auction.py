"""The auction by hand: rank = bid × (clicks + 1) / (impressions + 100) for CPC and bid ÷ 1000
for CPM; price = the least bid that keeps the rank, rounded up, at least the floor, at most the
own bid."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from api.advertisement.service.auction import Bidder, price_for, rank, run

FLOORS = {"cpc": 500, "cpm": 500}
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def bidder(
    bid: int, clicks: int = 0, impressions: int = 0, *, model: str = "cpc", age: int = 0
) -> Bidder:
    return Bidder(uuid4(), model, bid, clicks, impressions, T0 - timedelta(days=age))


def test_a_lone_bidder_pays_the_floor() -> None:
    (slot,) = run([bidder(3000)], slots=3, floors=FLOORS)
    assert (slot.position, slot.price) == (1, 500)


def test_second_price_is_the_next_value_over_own_quality_rounded_up() -> None:
    # A: 2000 × 1/100 = 20; B: 1500 × 3/200 = 22.5 → B first.
    # B pays 20 ÷ (3/200) = 1333.33… → 1334; A (last) pays the floor.
    a = bidder(2000, clicks=0, impressions=0)
    b = bidder(1500, clicks=2, impressions=100)
    first, second = run([a, b], slots=2, floors=FLOORS)
    assert first.bidder is b and first.price == 1334
    assert second.bidder is a and second.price == 500


def test_the_price_never_drops_below_the_floor() -> None:
    # B: 4000 × 1/100 = 40; A: 600 × 1/100 = 6 → B pays 6 ÷ 1/100 = 600; with a weak runner-up
    # (510 × 1/300 = 1.7) it would pay 170, lifted to the floor
    strong, weak = bidder(4000), bidder(510, impressions=200)
    assert run([strong, bidder(600)], slots=1, floors=FLOORS)[0].price == 600
    assert run([strong, weak], slots=1, floors=FLOORS)[0].price == 500


def test_the_price_never_exceeds_the_own_bid() -> None:
    own = bidder(1000, clicks=0, impressions=0)
    below = bidder(1000, clicks=0, impressions=0, age=-1)  # same value, younger
    assert price_for(own, below, floor=500) == 1000


def test_ties_go_to_the_older_campaign_which_pays_its_bid() -> None:
    older, younger = bidder(1000, age=2), bidder(1000, age=1)
    first, second = run([younger, older], slots=2, floors=FLOORS)
    assert first.bidder is older and first.price == 1000
    assert second.bidder is younger and second.price == 500


def test_cpm_competes_on_value_per_impression_and_pays_per_thousand() -> None:
    # CPM 30,000 per 1,000 = 30 per impression; CPC 2,000 × 1/100 = 20 → CPM first, paying
    # 20 × 1000 = 20,000 per 1,000; the CPC ad (last) pays the floor
    cpm = bidder(30_000, model="cpm")
    cpc = bidder(2000)
    first, second = run([cpc, cpm], slots=2, floors=FLOORS)
    assert first.bidder is cpm and first.price == 20_000
    assert second.bidder is cpc and second.price == 500
    # the other way round: CPC 5,000 × 11/200 = 275 beats CPM 30; it pays 30 ÷ 11/200 = 545.45…
    good = bidder(5000, clicks=10, impressions=100)
    first, _ = run([cpm, good], slots=2, floors=FLOORS)
    assert first.bidder is good and first.price == 546


def test_rank_is_a_total_order() -> None:
    bidders = [bidder(1000, age=0) for _ in range(5)]
    assert rank(bidders) == rank(list(reversed(bidders)))


def test_only_the_slots_asked_for_are_filled_priced_by_the_one_below() -> None:
    a, b, c = bidder(3000, age=3), bidder(2000, age=2), bidder(1000, age=1)
    slots = run([c, b, a], slots=2, floors=FLOORS)
    assert [s.bidder for s in slots] == [a, b]
    assert [s.price for s in slots] == [2000, 1000]
