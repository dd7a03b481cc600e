"""Performance pushed by the data platform: idempotent per period, months locked once written,
rolling windows replaced by later computations, standing and stars as DOMAIN.md says."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.supplier.conftest import (
    INTERNAL,
    STAFF,
    create_supplier,
    fields_named,
    payloads,
    table_counts,
)

COMPUTED = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def period(
    *,
    window: str = "rolling_90d",
    end: date = date(2026, 12, 1),
    on_time: float = 0.5,
    fill: float = 0.9,
    quality: float = 0.9643,
    computed_at: datetime = COMPUTED,
    **extra: Any,
) -> dict[str, Any]:
    """A pushed period whose score and stars follow from its rates."""
    score = round(0.4 * on_time + 0.3 * quality + 0.3 * fill, 4)
    start = end.replace(day=1) if window == "monthly" else end - timedelta(days=89)
    return {
        "window": window,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "po_count": 2,
        "on_time_rate": on_time,
        "fill_rate": fill,
        "quality_rate": quality,
        "avg_lead_time_days": 7.5,
        "promised_lead_time_days": 7.0,
        "score": score,
        "stars": max(1, min(5, int(1 + 4 * score + 0.5))),
        "computed_at": computed_at.isoformat(),
        **extra,
    }


async def push(client: httpx.AsyncClient, supplier_id: str, body: dict[str, Any]) -> httpx.Response:
    return await client.post(
        f"/internal/suppliers/{supplier_id}/performance", json=body, headers=INTERNAL
    )


async def test_a_rolling_window_sets_standing_and_stars_once_per_period(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    supplier = await create_supplier(client)
    body = period()  # 0.4·0.5 + 0.3·0.9643 + 0.3·0.9 = 0.7593 → average, round(4.04) = 4 stars

    first = await push(client, supplier["id"], body)
    again = await push(client, supplier["id"], body)

    assert (first.status_code, first.json()["status"]) == (201, "recorded")
    assert (again.status_code, again.json()["status"]) == (200, "unchanged")
    events = await payloads(engine, "supplier.performance_updated")
    assert len(events) == 1  # the re-push had no second effect
    assert (events[0]["score"], events[0]["stars"], events[0]["standing"]) == (0.7593, 4, "average")
    read = (await client.get(f"/api/suppliers/{supplier['id']}/performance", headers=STAFF)).json()
    assert (read["standing"], read["stars"], read["score"]) == ("average", 4, 75.93)
    assert [p["period"] for p in read["periods"]] == ["90d-2026-12-01"]


async def test_a_month_is_locked_once_written(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    supplier = await create_supplier(client)
    november = period(window="monthly", end=date(2026, 11, 30))

    assert (await push(client, supplier["id"], november)).status_code == 201
    later = period(
        window="monthly",
        end=date(2026, 11, 30),
        on_time=1.0,
        computed_at=COMPUTED + timedelta(days=3),
    )
    locked = await push(client, supplier["id"], later)

    assert (locked.status_code, locked.json()["status"]) == (200, "locked")
    assert locked.json()["period"]["on_time_rate"] == 0.5  # what was written stays
    assert len(await payloads(engine, "supplier.performance_updated")) == 1
    # a month never sets the standing: that is the rolling window's
    read = (await client.get(f"/api/suppliers/{supplier['id']}/performance", headers=STAFF)).json()
    assert (read["standing"], [p["period"] for p in read["periods"]]) == ("unrated", ["2026-11"])


async def test_a_rolling_window_recomputed_later_replaces_it_and_an_older_computation_does_not(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    supplier = await create_supplier(client)
    assert (
        await push(client, supplier["id"], period(on_time=1.0, fill=1.0, quality=1.0))
    ).status_code == 201

    fallen = period(on_time=0.0, fill=0.2, quality=0.5, computed_at=COMPUTED + timedelta(hours=2))
    stale = period(on_time=1.0, fill=0.9, quality=0.9, computed_at=COMPUTED + timedelta(hours=1))
    recorded = await push(client, supplier["id"], fallen)
    superseded = await push(client, supplier["id"], stale)

    assert (recorded.status_code, recorded.json()["standing"]) == (201, "very_poor")
    assert (superseded.status_code, superseded.json()["status"]) == (200, "superseded")
    standings = [e["standing"] for e in await payloads(engine, "supplier.performance_updated")]
    assert standings == ["excellent", "very_poor"]
    # an older window, pushed late, is history: the standing stays the newest window's
    older = period(end=date(2026, 11, 20), on_time=1.0, fill=1.0, quality=1.0)
    assert (await push(client, supplier["id"], older)).json()["standing"] == "very_poor"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"po_count": 0}, "po_count"),  # a period without POs is not scored
        ({"score": 0.9}, "score"),  # not 0.4 on-time + 0.3 quality + 0.3 fill
        ({"stars": 5}, "stars"),  # 0.7593 is 4 stars
        ({"period_start": "2026-09-01"}, "period_start"),  # not 90 days
        ({"on_time_rate": 1.5}, "on_time_rate"),
        ({"computed_at": "2026-11-30T10:00:00+00:00"}, "period_end"),  # ends after it was computed
    ],
)
async def test_a_push_that_is_not_a_scored_period_is_refused_naming_the_field(
    client: httpx.AsyncClient, engine: AsyncEngine, change: dict[str, Any], field: str
) -> None:
    supplier = await create_supplier(client)
    before = await table_counts(engine)

    response = await push(client, supplier["id"], {**period(), **change})

    assert response.status_code == 422, response.text
    assert fields_named(response) == [field]
    assert await table_counts(engine) == before


async def test_a_monthly_period_must_be_a_calendar_month(client: httpx.AsyncClient) -> None:
    supplier = await create_supplier(client)
    body = {**period(window="monthly", end=date(2026, 11, 30)), "period_end": "2026-11-29"}

    response = await push(client, supplier["id"], body)

    assert (response.status_code, fields_named(response)) == (422, ["period_end"])


async def test_pushes_need_the_internal_key_and_a_known_supplier(client: httpx.AsyncClient) -> None:
    supplier = await create_supplier(client)
    anonymous = await client.post(
        f"/internal/suppliers/{supplier['id']}/performance", json=period()
    )
    unknown = await push(client, str(uuid4()), period())

    assert (anonymous.status_code, unknown.status_code) == (401, 404)


@pytest.mark.parametrize(
    ("on_time", "fill", "quality", "standing", "stars"),
    [
        (1.0, 1.0, 1.0, "excellent", 5),
        (0.5, 1.0, 1.0, "excellent", 4),  # exactly 0.80: excellent (≥ 80)
        (0.25, 0.5, 1.0, "average", 3),  # 0.55
        (0.0, 0.5, 0.5, "poor", 2),  # 0.30: poor (30–50)
        (0.0, 0.3, 0.6, "very_poor", 2),  # 0.27
    ],
)
async def test_standing_follows_the_score_thresholds(
    client: httpx.AsyncClient,
    on_time: float,
    fill: float,
    quality: float,
    standing: str,
    stars: int,
) -> None:
    supplier = await create_supplier(client)
    body = period(on_time=on_time, fill=fill, quality=quality)

    answer = (await push(client, supplier["id"], body)).json()

    assert (answer["standing"], answer["stars"]) == (standing, stars)
