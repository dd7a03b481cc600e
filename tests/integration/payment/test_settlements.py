"""``POST /internal/settlements``: one immutable record per seller and week, figures checked,
the carry chain enforced (409 with the reason), a positive carry paid after 4 weeks, one event."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from api.kit.tables import outbox
from api.payment.models import Settlement
from tests.integration.payment.conftest import INTERNAL, Harness, counts

MONDAY = date(2026, 11, 16)


def _week(start: date = MONDAY, **overrides: Any) -> dict[str, Any]:
    body = {
        "seller_id": str(uuid4()),
        "period_start": start.isoformat(),
        "period_end": (start + timedelta(days=6)).isoformat(),
        "gross": 1_000_000,
        "refunds": 50_000,
        "gateway_fees": 4_440,
        "commission": 0,
        "carried_over_in": 0,
        "net": 945_560,
        "payout": 945_560,
        "line_count": 12,
    }
    return body | overrides


def _small(seller: str, start: date, *, carried_in: int, gross: int, payout: int) -> dict[str, Any]:
    """A week with only ``gross`` in sales: net = gross + carried in."""
    net = gross + carried_in
    return _week(
        start,
        seller_id=seller,
        gross=gross,
        refunds=0,
        gateway_fees=0,
        carried_over_in=carried_in,
        net=net,
        payout=payout,
        line_count=1 if gross else 0,
    )


async def _post(h: Harness, body: dict[str, Any]) -> Any:
    return await h.client.post("/internal/settlements", json=body, headers=INTERNAL)


async def test_a_week_is_settled_once_and_a_repeat_returns_the_same_settlement(
    harness: Harness,
) -> None:
    body = _week()
    first = await _post(harness, body)
    again = await _post(harness, body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert first.json()["number"].startswith("STL-")
    async with harness.uow_factory() as uow:
        events = list(await uow.session.execute(select(outbox.c.event_type, outbox.c.payload)))
    assert [e[0] for e in events] == ["settlement.completed"]
    assert events[0][1]["carried_over_out"] == 0 and events[0][1]["payout"] == 945_560

    changed = await _post(harness, body | {"line_count": 13})
    assert changed.status_code == 409
    assert changed.json()["reason"] == "week_already_settled"
    assert "line_count" in changed.json()["detail"]


async def test_concurrent_pushes_of_one_week_record_it_once(harness: Harness) -> None:
    body = _week()
    answers = await asyncio.gather(*(_post(harness, body) for _ in range(12)))
    assert sorted(a.status_code for a in answers) == [200] * 11 + [201]
    assert len({a.json()["id"] for a in answers}) == 1
    assert await counts(harness, Settlement, outbox) == {"settlements": 1, "outbox": 1}


async def test_the_carry_chain_is_enforced_and_a_break_is_refused_with_its_reason(
    harness: Harness,
) -> None:
    seller = str(uuid4())
    first = await _post(harness, _small(seller, MONDAY, carried_in=0, gross=40_000, payout=0))
    assert first.status_code == 201 and first.json()["carried_over_out"] == 40_000
    assert first.json()["carry_since"] == MONDAY.isoformat()
    assert first.json()["previous_settlement_id"] is None
    nxt = MONDAY + timedelta(weeks=1)

    # next week claims nothing was carried in: the chain is broken, nothing is written
    broken = await _post(harness, _small(seller, nxt, carried_in=0, gross=60_000, payout=60_000))
    assert broken.status_code == 409
    assert broken.json()["reason"] == "carry_chain_broken"
    assert "40000" in broken.json()["detail"] and MONDAY.isoformat() in broken.json()["detail"]
    # ... or names a previous week that is not the recorded one
    wrong_previous = _small(seller, nxt, carried_in=40_000, gross=60_000, payout=100_000)
    wrong_previous["previous_period_start"] = (MONDAY - timedelta(weeks=1)).isoformat()
    answer = await _post(harness, wrong_previous)
    assert answer.status_code == 409 and answer.json()["reason"] == "carry_chain_broken"
    # a seller's first week cannot bring a carry from nowhere
    stranger = _small(str(uuid4()), nxt, carried_in=5_000, gross=60_000, payout=65_000)
    assert (await _post(harness, stranger)).json()["reason"] == "carry_chain_broken"
    assert await counts(harness, Settlement, outbox) == {"settlements": 1, "outbox": 1}

    good = _small(seller, nxt, carried_in=40_000, gross=60_000, payout=100_000)
    good |= {"previous_period_start": MONDAY.isoformat(), "carry_since": None}
    linked = await _post(harness, good)
    assert linked.status_code == 201, linked.text
    assert linked.json()["previous_settlement_id"] == first.json()["id"]
    assert linked.json()["carried_over_out"] == 0 and linked.json()["carry_since"] is None

    # a week before one already recorded would cut the chain in two
    earlier = await _post(
        harness, _small(seller, MONDAY - timedelta(weeks=1), carried_in=0, gross=1, payout=0)
    )
    assert earlier.status_code == 409 and earlier.json()["reason"] == "week_out_of_order"


async def test_a_positive_carry_is_paid_after_four_weeks_whatever_its_size(
    harness: Harness,
) -> None:
    seller = str(uuid4())
    weeks = [MONDAY + timedelta(weeks=n) for n in range(5)]
    assert (
        await _post(harness, _small(seller, weeks[0], carried_in=0, gross=12_000, payout=0))
    ).status_code == 201
    # two weeks later a small sale: still below Rp 50,000 and not yet due — carried, same start
    paid_early = _small(seller, weeks[2], carried_in=12_000, gross=3_000, payout=15_000)
    answer = await _post(harness, paid_early)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "payout"
    carried = await _post(
        harness, _small(seller, weeks[2], carried_in=12_000, gross=3_000, payout=0)
    )
    assert carried.status_code == 201
    assert carried.json()["carry_since"] == weeks[0].isoformat()

    # four weeks after it was first carried out it is due: with no sales at all, paid in full
    unpaid = _small(seller, weeks[4], carried_in=15_000, gross=0, payout=0)
    answer = await _post(harness, unpaid)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "payout"
    assert "4 weeks" in answer.json()["detail"]
    due = await _post(harness, _small(seller, weeks[4], carried_in=15_000, gross=0, payout=15_000))
    assert due.status_code == 201, due.text
    assert due.json()["payout"] == 15_000 and due.json()["carried_over_out"] == 0


async def test_a_negative_net_is_carried_and_offset_against_a_later_payout(
    harness: Harness,
) -> None:
    seller = str(uuid4())
    refunds = _week(
        seller_id=seller, gross=0, refunds=80_000, gateway_fees=0, net=-80_000, payout=0
    )
    assert (await _post(harness, refunds)).json()["carried_over_out"] == -80_000
    later = _small(
        seller, MONDAY + timedelta(weeks=3), carried_in=-80_000, gross=200_000, payout=120_000
    )
    answer = await _post(harness, later)
    assert answer.status_code == 201, answer.text
    assert answer.json()["payout"] == 120_000


async def test_a_recorded_week_cannot_be_changed_or_deleted_even_in_sql(harness: Harness) -> None:
    assert (await _post(harness, _week())).status_code == 201
    for statement in (
        "update settlements set payout = 0",
        "delete from settlements",
        "truncate settlements cascade",
    ):
        with pytest.raises(DBAPIError, match="settlements are immutable"):
            async with harness.uow_factory() as uow:
                await uow.session.execute(text(statement))
    assert await counts(harness, Settlement) == {"settlements": 1}


async def test_figures_that_do_not_add_up_are_rejected_naming_the_field(harness: Harness) -> None:
    for bad, field in (
        (_week(net=1), "net"),
        (_week(payout=0), "payout"),
        (_week(gross=-1), "gross"),
        (_week(gross=10**16), "gross"),
        (_week(line_count=2**40), "line_count"),
        (_week(period_end="2026-11-01"), "period_end"),
        (_week(MONDAY + timedelta(days=1)), "period_start"),
        (_week(period_start="9999-12-27", period_end="9999-12-31"), "period_start"),
        (_week(carried_over_out=5), "carried_over_out"),
        (_week(carry_since="not-a-date"), "carry_since"),
    ):
        response = await _post(harness, bad)
        assert response.status_code == 422, bad
        assert response.json()["errors"][0]["field"] == field
    assert await counts(harness, Settlement, outbox) == {"settlements": 0, "outbox": 0}
    unauthenticated = await harness.client.post("/internal/settlements", json=_week())
    assert unauthenticated.status_code == 401
