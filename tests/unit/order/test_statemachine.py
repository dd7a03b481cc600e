"""The order status machine: legal moves only, terminal states final, 409 on anything else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.order.errors import IllegalTransition
from api.order.statemachine import (
    TERMINAL,
    TRANSITIONS,
    Status,
    advance,
    can_advance,
    path_to,
    refund_required,
)

statuses = st.sampled_from(list(Status))


def test_main_flow_is_legal_step_by_step() -> None:
    flow = ["pending_payment", "paid", "processing", "shipped", "delivered", "completed"]
    for current, target in zip(flow, flow[1:], strict=False):
        assert advance(current, target) == target


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("pending_payment", "shipped"),
        ("shipped", "cancelled"),
        ("delivered", "cancelled"),
        ("completed", "return_requested"),
        ("expired", "paid"),
        ("cancelled", "paid"),
        ("paid", "delivered"),
        ("return_requested", "completed"),
        ("refunded", "completed"),
    ],
)
def test_illegal_transition_is_a_409(current: str, target: str) -> None:
    with pytest.raises(IllegalTransition) as caught:
        advance(current, target)
    assert caught.value.status == 409
    assert caught.value.extra == {"current_status": current, "requested_status": target}


def test_a_partial_return_completes_once_refunded_a_full_one_ends_refunded() -> None:
    assert advance("returned", "completed") == Status.completed
    assert advance("returned", "refunded") == Status.refunded


def test_terminal_states_have_no_way_out() -> None:
    assert {Status.completed, Status.cancelled, Status.expired, Status.refunded} == TERMINAL


def test_every_status_is_reachable_from_checkout() -> None:
    for status in Status:
        path = path_to(status)
        assert path[0] is Status.pending_payment and path[-1] is status


def test_only_paid_money_is_refunded_on_cancel() -> None:
    assert [s for s in Status if refund_required(s)] == [Status.paid, Status.processing]


@given(st.lists(statuses, max_size=30))
def test_any_sequence_of_requests_only_ever_follows_the_graph(targets: list[Status]) -> None:
    current = Status.pending_payment
    for target in targets:
        if can_advance(current, target):
            assert target in TRANSITIONS[current]
            current = advance(current, target)
        else:
            with pytest.raises(IllegalTransition):
                advance(current, target)
    assert current in TRANSITIONS


@given(statuses, statuses)
def test_advance_agrees_with_can_advance(current: Status, target: Status) -> None:
    if can_advance(current, target):
        assert advance(current, target) is target
    else:
        with pytest.raises(IllegalTransition):
            advance(current, target)
