"""The scoring rules of DOMAIN.md: score, stars, standing thresholds, what a period is."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.supplier import scoring

rates = st.decimals(min_value=0, max_value=1, places=4)


@pytest.mark.parametrize(
    ("score", "standing"),
    [
        (Decimal("1"), "excellent"),
        (Decimal("0.80"), "excellent"),
        (Decimal("0.7999"), "average"),
        (Decimal("0.50"), "average"),
        (Decimal("0.4999"), "poor"),
        (Decimal("0.30"), "poor"),
        (Decimal("0.2999"), "very_poor"),
        (Decimal("0"), "very_poor"),
        (None, "unrated"),
    ],
)
def test_standing_thresholds(score: Decimal | None, standing: str) -> None:
    assert scoring.standing_of(score) == standing


@pytest.mark.parametrize(
    ("score", "stars"),
    [("0", 1), ("0.1249", 1), ("0.125", 2), ("0.375", 3), ("0.625", 4), ("0.875", 5), ("1", 5)],
)
def test_stars_round_halves_up(score: str, stars: int) -> None:
    assert scoring.stars_of(Decimal(score)) == stars


@given(on_time=rates, quality=rates, fill=rates)
def test_the_score_is_a_weighted_mean_within_zero_and_one(
    on_time: Decimal, quality: Decimal, fill: Decimal
) -> None:
    score = scoring.score_of(on_time=on_time, quality=quality, fill=fill)
    assert min(on_time, quality, fill) - Decimal("0.0001") <= score
    assert score <= max(on_time, quality, fill) + Decimal("0.0001")
    assert 1 <= scoring.stars_of(score) <= 5


def test_periods_are_calendar_months_or_ninety_days() -> None:
    assert scoring.period_problem("monthly", date(2026, 2, 1), date(2026, 2, 28)) is None
    assert scoring.period_problem("monthly", date(2028, 2, 1), date(2028, 2, 28)) == (
        "period_end",
        "The month starting 2028-02-01 ends on 2028-02-29",
    )
    assert scoring.period_problem("monthly", date(2026, 2, 2), date(2026, 2, 28))[0] == (  # type: ignore[index]
        "period_start"
    )
    assert scoring.period_problem("rolling_90d", date(2026, 9, 3), date(2026, 12, 1)) is None
    assert scoring.period_problem("rolling_90d", date(2026, 9, 2), date(2026, 12, 1)) is not None
    assert scoring.label("rolling_90d", date(2026, 9, 3), date(2026, 12, 1)) == "90d-2026-12-01"
