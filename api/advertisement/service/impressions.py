"""Impressions written in batches (group commit): serving never runs one transaction per ad.

A placements request hands its impressions to :meth:`ImpressionWriter.record` and waits; one
writer task takes whatever has queued up (up to ``batch_size`` requests) and writes it in ONE
transaction: the impression rows, their ``ad.impression`` events, and per campaign the
impression counter (the quality's denominator) and, for CPM, the spend counters (the batch's
Σ price ÷ 1000 rounded up, capped at the budgets). The answer goes out after the commit, so an
impression a shopper can click always exists. Campaign rows are locked in id order.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast
from uuid import UUID

from sqlalchemy import Table, text

from api.advertisement.models import Impression
from api.events.advertisement import AdImpression
from api.kit.bulk import insert_rows
from api.kit.logging import get_logger
from api.kit.uow import UnitOfWork, UnitOfWorkFactory

log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Served:
    """One ad shown, as recorded."""

    id: UUID
    campaign_id: UUID
    seller_id: UUID
    product_id: UUID | None
    placement: str
    position: int
    pricing_model: str
    bid: int
    price: int
    user_id: UUID | None
    session_id: str | None
    query: str | None
    served_at: datetime

    def event(self) -> AdImpression:
        return AdImpression(
            impression_id=self.id,
            campaign_id=self.campaign_id,
            seller_id=self.seller_id,
            product_id=self.product_id,
            placement=self.placement,
            position=self.position,
            pricing_model=self.pricing_model,
            bid=self.bid,
            price=self.price,
            user_id=self.user_id,
            session_id=self.session_id,
            query=self.query,
            occurred_at=self.served_at,
        )


IMPRESSIONS = cast(Table, Impression.__table__)
_LOCK = text("SELECT id FROM campaigns WHERE id = ANY(:ids) ORDER BY id FOR UPDATE")
_COUNT = text(
    """
    UPDATE campaigns AS c SET
        impressions = c.impressions + t.shown,
        spent_total = least(c.total_budget, c.spent_total + t.cost),
        spent_today = least(
            c.daily_budget,
            CASE WHEN c.spend_date = :today THEN c.spent_today ELSE 0 END + t.cost
        ),
        spend_date = CASE WHEN t.cost > 0 THEN :today ELSE c.spend_date END
    FROM unnest(CAST(:ids AS uuid[]), CAST(:shown AS bigint[]), CAST(:cost AS bigint[]))
        AS t(id, shown, cost)
    WHERE c.id = t.id
    """
)


async def write(uow: UnitOfWork, served: Sequence[Served], *, today: date) -> None:
    """Record ``served`` in the unit of work (the caller commits)."""
    if not served:
        return
    shown: dict[UUID, int] = defaultdict(int)
    cpm_sum: dict[UUID, int] = defaultdict(int)
    for s in served:
        shown[s.campaign_id] += 1
        if s.pricing_model == "cpm":
            cpm_sum[s.campaign_id] += s.price
    ids = sorted(shown)
    await uow.session.execute(_LOCK, {"ids": ids})
    await insert_rows(
        uow.session,
        IMPRESSIONS,
        [
            {
                "id": s.id,
                "campaign_id": s.campaign_id,
                "seller_id": s.seller_id,
                "product_id": s.product_id,
                "placement": s.placement,
                "position": s.position,
                "pricing_model": s.pricing_model,
                "bid": s.bid,
                "price": s.price,
                "user_id": s.user_id,
                "session_id": s.session_id,
                "query": s.query,
                "served_at": s.served_at,
            }
            for s in served
        ],
    )
    await uow.outbox.add_all((s.event(), s.campaign_id) for s in served)
    await uow.session.execute(
        _COUNT,
        {
            "today": today,
            "ids": ids,
            "shown": [shown[i] for i in ids],
            "cost": [-(-cpm_sum[i] // 1000) for i in ids],
        },
    )


_Pending = tuple[list[Served], "asyncio.Future[None]"]


class ImpressionWriter:
    """Writes the impressions of concurrent placements requests in shared transactions."""

    def __init__(
        self,
        uows: UnitOfWorkFactory,
        *,
        today: Callable[[], date],
        batch_size: int = 500,
    ) -> None:
        self._uows = uows
        self._today = today
        self._batch_size = batch_size
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self.batches = 0

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        """Finish what was handed in, then stop."""
        await self._queue.join()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def record(self, served: list[Served]) -> None:
        """Write ``served`` (with whatever else waits); returns once committed."""
        if not served:
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        await self._queue.put((served, future))
        await future

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self._batch_size and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                await self._write(batch)
            finally:
                for _ in batch:
                    self._queue.task_done()

    async def _write(self, batch: list[_Pending]) -> None:
        try:
            async with self._uows() as uow:
                await write(uow, [s for served, _ in batch for s in served], today=self._today())
                await uow.commit()
        except Exception as exc:  # every waiting request learns it, none hangs
            log.exception("impression batch failed")
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        self.batches += 1
        for _, future in batch:
            if not future.done():
                future.set_result(None)
