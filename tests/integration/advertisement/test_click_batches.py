"""Clicks decided in batches against the real database: within one batch each click gets the
answer it would have got alone (the rules see the batch's earlier clicks), one bad click fails
only itself, and concurrent batches on one campaign near its budget never overspend."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from api.advertisement.errors import ImpressionNotFound
from api.advertisement.schemas import ClickRead
from api.advertisement.service.click_writer import ClickWriter
from api.advertisement.service.clicks import ClickRequest, click_batch
from api.kit.db import make_async_engine, make_session_factory
from api.kit.uow import UnitOfWorkFactory
from tests.integration.advertisement.conftest import Ads


def _request(
    impression_id: str | UUID,
    *,
    user_id: UUID | None = None,
    session_id: str | None = None,
    ip: str | None = None,
    now: datetime | None = None,
) -> ClickRequest:
    return ClickRequest(
        impression_id=UUID(str(impression_id)),
        user_id=user_id or uuid4(),
        session_id=session_id,
        ip=ip or f"10.9.{uuid4().int % 250}.{uuid4().int % 250}",
        now=now or datetime.now(UTC),
    )


async def test_one_batch_answers_each_click_as_if_it_were_alone(ads: Ads) -> None:
    word = f"zq{uuid4().hex[:8]}"
    seller = await ads.seller()
    campaign = await ads.campaign(seller, await ads.product(seller), keywords=[word], bid=2000)
    impressions = [(await ads.serve(word))[0]["impression_id"] for _ in range(16)]
    shopper, bot_ip = uuid4(), f"192.0.2.{uuid4().int % 250}"
    now = datetime.now(UTC)
    requests = [
        _request(impressions[0], user_id=shopper, now=now),
        _request(impressions[1], user_id=shopper, now=now + timedelta(milliseconds=1)),
        _request(uuid4()),  # never served
        _request(impressions[2], user_id=seller),
        # eleven from one IP within the batch, a millisecond apart: the eleventh is a bot
        *(
            _request(impressions[3 + n], ip=bot_ip, now=now + timedelta(milliseconds=2 + n))
            for n in range(11)
        ),
        _request(impressions[14]),
    ]
    async with ads.uows() as uow:
        outcomes = await click_batch(uow, requests, settings=ads.settings)
        await uow.commit()
    assert isinstance(outcomes[2], ImpressionNotFound)
    answers = [o for o in outcomes if isinstance(o, ClickRead)]
    flags = [a.flag_reason for a in answers]
    assert flags == [None, "duplicate", "self_click"] + [None] * 10 + ["bot_suspected", None]
    billable = [a.billable for a in answers]
    assert billable == [f is None for f in flags]
    # the campaign's counters and the events agree with the answers (an impression's price
    # is the floor: a lone bidder)
    spent, clicks = (
        await ads.sql("SELECT spent_total, clicks FROM campaigns WHERE id = :id", id=campaign["id"])
    )[0]
    assert (spent, clicks) == (500 * sum(billable), sum(billable))
    events = await ads.events("ad.clicked", campaign["id"])
    assert [e["flag_reason"] for e in events] == flags
    assert [e["click_id"] for e in events] == [str(a.click_id) for a in answers]


async def test_a_batch_sees_clicks_committed_before_it(ads: Ads) -> None:
    word = f"zq{uuid4().hex[:8]}"
    seller = await ads.seller()
    await ads.campaign(seller, await ads.product(seller), keywords=[word])
    impressions = [(await ads.serve(word))[0]["impression_id"] for _ in range(12)]
    shopper, ip = uuid4(), f"198.51.100.{uuid4().int % 250}"
    now = datetime.now(UTC)
    async with ads.uows() as uow:
        first = await click_batch(
            uow,
            [
                _request(impressions[0], user_id=shopper, now=now),
                *(
                    _request(impressions[1 + n], ip=ip, now=now + timedelta(milliseconds=n))
                    for n in range(9)
                ),
            ],
            settings=ads.settings,
        )
        await uow.commit()
    assert all(isinstance(o, ClickRead) and o.billable for o in first)
    later = now + timedelta(milliseconds=20)
    async with ads.uows() as uow:
        second = await click_batch(
            uow,
            [
                _request(impressions[10], user_id=shopper, now=later),  # within 30 s
                _request(impressions[11], ip=ip, now=later),  # the tenth this minute
                _request(impressions[11], ip=ip, now=later),  # the eleventh
            ],
            settings=ads.settings,
        )
        await uow.commit()
    assert [o.flag_reason for o in second if isinstance(o, ClickRead)] == [
        "duplicate",
        None,
        "bot_suspected",
    ]


async def test_a_click_that_breaks_its_batch_fails_alone(ads: Ads) -> None:
    word = f"zq{uuid4().hex[:8]}"
    seller = await ads.seller()
    campaign = await ads.campaign(seller, await ads.product(seller), keywords=[word])
    impressions = [(await ads.serve(word))[0]["impression_id"] for _ in range(6)]
    writer = ClickWriter(ads.uows, ads.settings)
    await writer.start()
    try:
        # PostgreSQL refuses a NUL in text: the whole batch's INSERT fails, then each click is
        # decided alone and only this one fails
        broken = _request(impressions[0], session_id="bad\x00session")
        others = [_request(i) for i in impressions[1:]]
        answers = await asyncio.gather(
            writer.submit(broken), *(writer.submit(r) for r in others), return_exceptions=True
        )
    finally:
        await writer.stop()
    assert isinstance(answers[0], Exception)
    assert all(isinstance(a, ClickRead) and a.billable for a in answers[1:])
    assert len(await ads.events("ad.clicked", campaign["id"])) == len(others)
    assert await ads.scalar(
        "SELECT count(*) FROM clicks WHERE campaign_id = :id", id=campaign["id"]
    ) == len(others)


@pytest.mark.parametrize("writers", [1, 3])
async def test_concurrent_batches_on_one_campaign_never_overspend(
    ads: Ads, service_dbs: dict[str, str], writers: int
) -> None:
    word = f"zq{uuid4().hex[:8]}"
    seller = await ads.seller()
    # Rp 4,500 left at Rp 500 a click (the floor: a lone bidder): nine clicks fit, not ten
    hot = await ads.campaign(
        seller,
        await ads.product(seller),
        keywords=[word],
        bid=1000,
        daily_budget=4_500,
        total_budget=4_500,
    )
    impressions = [(await ads.serve(word, limit=1))[0]["impression_id"] for _ in range(90)]
    # several writers on engines of their own, as several service processes: their batches
    # race for the campaign row
    engines = [make_async_engine(service_dbs["advertisement"], pool_size=2) for _ in range(writers)]
    pool = [
        ClickWriter(
            UnitOfWorkFactory(make_session_factory(e), producer="advertisement"), ads.settings
        )
        for e in engines
    ]
    for writer in pool:
        await writer.start()
    try:
        answers = await asyncio.gather(
            *(pool[n % writers].submit(_request(i)) for n, i in enumerate(impressions))
        )
    finally:
        for writer in pool:
            await writer.stop()
        for engine in engines:
            await engine.dispose()
    assert sum(a.billable for a in answers) == 9
    assert {a.flag_reason for a in answers if not a.billable} == {"budget_exhausted"}
    spent, status = (
        await ads.sql("SELECT spent_total, status FROM campaigns WHERE id = :id", id=hot["id"])
    )[0]
    assert (spent, status) == (4_500, "exhausted")
    billed = await ads.scalar(
        "SELECT sum(price) FROM clicks WHERE campaign_id = :id AND billable", id=hot["id"]
    )
    assert billed == 4_500
    assert len(await ads.events("campaign.exhausted", hot["id"])) == 1


async def test_a_clicks_events_carry_its_own_requests_correlation_id(ads: Ads) -> None:
    word = f"zq{uuid4().hex[:8]}"
    seller = await ads.seller()
    campaign = await ads.campaign(seller, await ads.product(seller), keywords=[word])
    items = [(await ads.serve(word))[0] for _ in range(4)]
    correlations = [str(uuid4()) for _ in items]
    # decided together, each event keeps the correlation of the request that clicked
    answers = await asyncio.gather(
        *(
            ads.client.post(
                "/api/ads/clicks",
                json={"impression_id": item["impression_id"]},
                headers={"x-correlation-id": correlation},
            )
            for item, correlation in zip(items, correlations, strict=True)
        )
    )
    assert all(a.status_code == 201 for a in answers)
    rows = await ads.sql(
        "SELECT payload->>'click_id', headers->>'correlation_id' FROM outbox"
        " WHERE event_type = 'ad.clicked' AND aggregate_id = :id",
        id=campaign["id"],
    )
    by_click = {click_id: correlation for click_id, correlation in rows}
    assert [by_click[a.json()["click_id"]] for a in answers] == correlations
