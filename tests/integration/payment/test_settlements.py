"""``POST /internal/settlements``: idempotent per seller and week, figures checked, one event."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from sqlalchemy import select

from api.kit.tables import outbox
from api.payment.models import Settlement
from tests.integration.payment.conftest import INTERNAL, Harness, counts


def _week(**overrides: Any) -> dict[str, Any]:
    body = {
        "seller_id": str(uuid4()),
        "period_start": "2026-11-16",
        "period_end": "2026-11-22",
        "gross": 1_000_000,
        "refunds": 50_000,
        "gateway_fees": 4_440,
        "commission": 0,
        "carried_over_in": 20_000,
        "net": 965_560,
        "payout": 965_560,
        "line_count": 12,
    }
    return body | overrides


async def test_a_week_is_settled_once_and_a_repeat_returns_the_same_settlement(
    harness: Harness,
) -> None:
    body = _week()
    first = await harness.client.post("/internal/settlements", json=body, headers=INTERNAL)
    again = await harness.client.post("/internal/settlements", json=body, headers=INTERNAL)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert first.json()["number"].startswith("STL-")
    async with harness.uow_factory() as uow:
        events = list(await uow.session.execute(select(outbox.c.event_type, outbox.c.payload)))
    assert [e[0] for e in events] == ["settlement.completed"]
    assert events[0][1]["carried_over_out"] == 0 and events[0][1]["payout"] == 965_560

    changed = await harness.client.post(
        "/internal/settlements", json=body | {"line_count": 13}, headers=INTERNAL
    )
    assert changed.status_code == 409


async def test_a_small_net_is_carried_over_not_paid(harness: Harness) -> None:
    # the data platform's mart row as its asset posts it (key, currency, carry-over echoed)
    body = _week(gross=40_000, refunds=0, gateway_fees=0, carried_over_in=0, net=40_000, payout=0)
    body |= {"settlement_key": "stl-key-1", "currency": "IDR", "carried_over_out": 40_000}
    response = await harness.client.post("/internal/settlements", json=body, headers=INTERNAL)
    assert response.status_code == 201
    assert response.json()["carried_over_out"] == 40_000


async def test_figures_that_do_not_add_up_are_rejected_naming_the_field(harness: Harness) -> None:
    for bad, field in (
        (_week(net=1), "net"),
        (_week(payout=0), "payout"),
        (_week(gross=-1), "gross"),
        (_week(period_end="2026-11-01"), "period_end"),
        (_week(carried_over_out=5), "carried_over_out"),
    ):
        response = await harness.client.post("/internal/settlements", json=bad, headers=INTERNAL)
        assert response.status_code == 422, bad
        assert response.json()["errors"][0]["field"] == field
    assert await counts(harness, Settlement, outbox) == {"settlements": 0, "outbox": 0}
    unauthenticated = await harness.client.post("/internal/settlements", json=_week())
    assert unauthenticated.status_code == 401
