"""Clicks decided in batches (group commit): concurrent clicks share one transaction.

The clicks route hands its click to :meth:`ClickWriter.submit` and waits. One writer task takes
whatever has queued up while the previous batch was being written (up to ``batch_size``) and
decides it with :func:`api.advertisement.service.clicks.click_batch` in ONE transaction: each
campaign row is locked once per batch instead of once per click, so clicks no longer queue on
the few top-ranked campaigns' rows. The answer goes out after the commit. A click refused on its
own (an unknown impression) gets its own error without failing the others; a batch that fails
as a whole (a database error) is retried one click at a time, so one bad click cannot take its
neighbours down with it.

One writer per process: the batch's own earlier clicks are what make the duplicate and per-IP
rules exact within the process; across processes the campaign row locks order the clicks.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses

from api.advertisement.schemas import ClickRead
from api.advertisement.service.clicks import ClickRequest, Outcome, click_batch
from api.advertisement.settings import AdvertisementSettings
from api.kit.logging import correlation_id_var, get_logger
from api.kit.uow import UnitOfWorkFactory

log = get_logger(__name__)

_Pending = tuple[ClickRequest, "asyncio.Future[ClickRead]"]


class ClickWriter:
    """Decides the clicks of concurrent requests in shared transactions."""

    def __init__(
        self, uows: UnitOfWorkFactory, settings: AdvertisementSettings, *, batch_size: int = 500
    ) -> None:
        self._uows = uows
        self._settings = settings
        self._batch_size = batch_size
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self.batches = 0

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        """Finish what was submitted, then stop."""
        await self._queue.join()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def submit(self, request: ClickRequest) -> ClickRead:
        """Decide ``request`` (with whatever else waits); raises the error refusing it."""
        if request.correlation_id is None:
            correlation = correlation_id_var.get()
            if correlation:
                request = dataclasses.replace(request, correlation_id=str(correlation))
        future: asyncio.Future[ClickRead] = asyncio.get_running_loop().create_future()
        await self._queue.put((request, future))
        return await future

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self._batch_size and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                await self._decide(batch)
            finally:
                for _ in batch:
                    self._queue.task_done()

    async def _decide(self, batch: list[_Pending]) -> None:
        try:
            async with self._uows() as uow:
                outcomes = await click_batch(
                    uow, [request for request, _ in batch], settings=self._settings
                )
                await uow.commit()
        except Exception as exc:
            if len(batch) == 1:
                _answer(batch[0][1], exc)
                return
            log.warning("click batch failed; deciding its clicks one by one", exc_info=exc)
            for pending in batch:
                await self._decide([pending])
            return
        self.batches += 1
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            _answer(future, outcome)


def _answer(future: asyncio.Future[ClickRead], outcome: Outcome | BaseException) -> None:
    if future.done():  # the caller went away
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
