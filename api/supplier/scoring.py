"""The scoring rules of DOMAIN.md, pure: score, stars, standing, and what a scored period is.

    score    = 0.4 on-time + 0.3 quality + 0.3 fill          (0–1; shown to people as 0–100)
    stars    = round(1 + 4 × score), half up                 (1–5)
    standing = ≥ 0.80 excellent · 0.50–0.80 average · 0.30–0.50 poor · < 0.30 very poor

The data platform computes the figures; the supplier service recomputes score and stars from the
pushed rates and refuses a push that disagrees, so a bug on either side cannot slip through as a
wrong standing.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Standing = Literal["excellent", "average", "poor", "very_poor", "unrated"]
Window = Literal["monthly", "rolling_90d"]

WEIGHTS = {"on_time": Decimal("0.4"), "quality": Decimal("0.3"), "fill": Decimal("0.3")}
THRESHOLDS: tuple[tuple[Decimal, Standing], ...] = (
    (Decimal("0.80"), "excellent"),
    (Decimal("0.50"), "average"),
    (Decimal("0.30"), "poor"),
)
RATE_PLACES = Decimal("0.0001")
# The mart rounds each rate and the score to 4 places from unrounded figures: recomputing the
# score from rounded rates can differ by at most 0.4·½e-4 + 0.3·½e-4 + 0.3·½e-4 + ½e-4 = 1e-4.
SCORE_TOLERANCE = Decimal("0.0002")
ROLLING_DAYS = 90


def rate(value: float | Decimal) -> Decimal:
    """A rate as stored: 4 decimal places."""
    return Decimal(str(value)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def score_of(*, on_time: Decimal, quality: Decimal, fill: Decimal) -> Decimal:
    """0.4 on-time + 0.3 quality + 0.3 fill."""
    return (
        WEIGHTS["on_time"] * on_time + WEIGHTS["quality"] * quality + WEIGHTS["fill"] * fill
    ).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def stars_of(score: Decimal) -> int:
    """1–5 stars: round(1 + 4 × score), halves up."""
    stars = int((1 + 4 * score).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return max(1, min(5, stars))


def standing_of(score: Decimal | None) -> Standing:
    """The standing a score puts a supplier in (``unrated`` without one)."""
    if score is None:
        return "unrated"
    for threshold, standing in THRESHOLDS:
        if score >= threshold:
            return standing
    return "very_poor"


def percent(score: Decimal | None) -> float | None:
    """A 0–1 score as people read it: 0–100 with two decimals."""
    return None if score is None else float((score * 100).quantize(Decimal("0.01")))


def period_problem(window: Window, start: date, end: date) -> tuple[str, str] | None:
    """Why (field, reason) ``start``–``end`` is not a period of ``window``, or None."""
    if window == "monthly":
        if start.day != 1:
            return "period_start", "A monthly period starts on the first day of a month"
        last = calendar.monthrange(start.year, start.month)[1]
        if end != start.replace(day=last):
            return "period_end", f"The month starting {start} ends on {start.replace(day=last)}"
        return None
    if end - start != timedelta(days=ROLLING_DAYS - 1):
        return "period_start", f"A rolling window covers {ROLLING_DAYS} days up to period_end"
    return None


def label(window: Window, start: date, end: date) -> str:
    """``2026-11`` for a month, ``90d-2026-11-30`` for a rolling window."""
    return f"{start:%Y-%m}" if window == "monthly" else f"90d-{end.isoformat()}"
