"""The shipment life cycle: forward only, final states kept, Biteship statuses mapped."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from api.logistic.lifecycle import BITESHIP_STATUS, FINAL, RANK, may_move, ours

STATUSES = sorted(RANK)


def test_the_sandbox_road_maps_to_our_published_steps() -> None:
    road = ["confirmed", "allocated", "picking_up", "picked", "dropping_off", "delivered"]
    assert [ours(s) for s in road] == [
        "booked",
        "booked",
        "booked",
        "picked_up",
        "in_transit",
        "delivered",
    ]
    assert ours("REJECTED") == "failed" and ours("on_hold") is None and ours("nonsense") is None


def test_every_mapped_status_is_one_of_ours() -> None:
    assert {s for s in BITESHIP_STATUS.values() if s} <= set(RANK)


@given(st.sampled_from(STATUSES), st.sampled_from(STATUSES))
def test_moves_go_forward_only_and_never_leave_a_final_state(current: str, new: str) -> None:
    if may_move(current, new):
        assert current not in FINAL and RANK[new] > RANK[current]
    if current in FINAL:
        assert not may_move(current, new)


@given(st.lists(st.sampled_from(STATUSES), max_size=20))
def test_any_sequence_of_updates_applies_each_status_at_most_once(updates: list[str]) -> None:
    current, reached = "booked", ["booked"]
    for status in updates:
        if may_move(current, status):
            current = status
            reached.append(status)
    assert len(reached) == len(set(reached))
