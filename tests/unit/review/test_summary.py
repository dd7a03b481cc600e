"""The rating tally: approving and removing in any order always equals counting from scratch."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.review.summary import PRIOR_MEAN, PRIOR_WEIGHT, Tally, tally_of


def test_the_bayesian_average_leans_on_the_prior_until_reviews_outweigh_it() -> None:
    assert Tally().bayesian_average == PRIOR_MEAN and Tally().average is None
    three_fives = tally_of([5, 5, 5])
    assert three_fives.average == 5.0
    assert three_fives.bayesian_average == round((4.0 * 10 + 15) / 13, 4)  # 4.2308
    many = tally_of([5] * 240 + [4] * 60)  # 300 reviews averaging 4.8
    assert many.bayesian_average > three_fives.bayesian_average
    assert many.distribution == {"1": 0, "2": 0, "3": 0, "4": 60, "5": 240}


def test_removing_a_rating_nobody_gave_is_refused() -> None:
    with pytest.raises(ValueError):
        tally_of([4]).without_rating(5)
    with pytest.raises(ValueError):
        Tally().with_rating(6)


operations = st.lists(st.tuples(st.booleans(), st.integers(min_value=1, max_value=5)), max_size=60)


@given(operations)
def test_any_sequence_of_approvals_and_removals_equals_a_recount(
    ops: list[tuple[bool, int]],
) -> None:
    approved: list[int] = []
    tally = Tally()
    for approve, rating in ops:
        if approve:
            approved.append(rating)
            tally = tally.with_rating(rating)
        elif rating in approved:
            approved.remove(rating)
            tally = tally.without_rating(rating)
    recount = tally_of(approved)
    assert tally == recount
    assert tally.count == len(approved) and tally.rating_sum == sum(approved)
    expected = (PRIOR_MEAN * PRIOR_WEIGHT + sum(approved)) / (PRIOR_WEIGHT + len(approved))
    assert tally.bayesian_average == round(expected, 4)
    # the ranking score always lies between the prior and the reviews' own extremes
    low, high = min([*approved, PRIOR_MEAN]), max([*approved, PRIOR_MEAN])
    assert low <= tally.bayesian_average <= high
    if approved:
        assert min(approved) <= (tally.average or 0) <= max(approved)
