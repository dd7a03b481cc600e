"""A rating summary as pure arithmetic (DOMAIN.md, review): count, average, distribution 1–5,
and the Bayesian average that ranks products — ``(m·C + Σ ratings) / (C + n)`` with prior mean
``m`` = 4.0 and weight ``C`` = 10, so three 5-star reviews do not outrank three hundred 4.8s.

The service keeps the tally in the database and changes it only when a review enters or leaves
the approved set; this module is what both it and the property tests compute with.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

PRIOR_MEAN = 4.0
PRIOR_WEIGHT = 10
RATINGS = (1, 2, 3, 4, 5)


@dataclass(frozen=True, slots=True)
class Tally:
    """How many approved reviews gave each rating (index 0 holds the 1-star count)."""

    counts: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)

    @property
    def count(self) -> int:
        return sum(self.counts)

    @property
    def rating_sum(self) -> int:
        return sum(rating * n for rating, n in zip(RATINGS, self.counts, strict=True))

    @property
    def average(self) -> float | None:
        """Mean rating to two decimals; None without reviews."""
        return round(self.rating_sum / self.count, 2) if self.count else None

    @property
    def bayesian_average(self) -> float:
        """The ranking score: the mean pulled towards the prior by the prior's weight."""
        return round((PRIOR_MEAN * PRIOR_WEIGHT + self.rating_sum) / (PRIOR_WEIGHT + self.count), 4)

    @property
    def distribution(self) -> dict[str, int]:
        return {str(rating): n for rating, n in zip(RATINGS, self.counts, strict=True)}

    def _changed(self, rating: int, by: int) -> Tally:
        if rating not in RATINGS:
            raise ValueError(f"a rating is 1–5, not {rating}")
        counts = list(self.counts)
        counts[rating - 1] += by
        if counts[rating - 1] < 0:
            raise ValueError(f"no approved {rating}-star review to remove")
        return Tally((counts[0], counts[1], counts[2], counts[3], counts[4]))

    def with_rating(self, rating: int) -> Tally:
        """The tally once a review of ``rating`` is approved."""
        return self._changed(rating, 1)

    def without_rating(self, rating: int) -> Tally:
        """The tally once an approved review of ``rating`` is removed."""
        return self._changed(rating, -1)


def tally_of(ratings: Iterable[int]) -> Tally:
    """The tally of a set of approved ratings, from scratch."""
    tally = Tally()
    for rating in ratings:
        tally = tally.with_rating(rating)
    return tally
