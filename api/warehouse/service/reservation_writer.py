"""Group commit of reservations: concurrent checkouts share one transaction.

A request hands its checkout to :meth:`ReservationWriter.submit` and waits. Writer tasks take
what has queued up — waiting a short window (``window_seconds``) for more when the queue holds
fewer than ``batch_size`` — reserve it with ``reserving.reserve_batch`` in ONE transaction and
answer every request. On a flash-sale variant the hot stock row is then locked, updated and
committed once per batch instead of once per checkout. A refused checkout (short of stock, an
unknown variant, a replay with other items) gets its own error without failing the others; a
batch that fails as a whole (a database error, two orders with one id) is retried one checkout
at a time, so one bad request cannot take its neighbours down with it.

A batch holds each checkout id once: a second request for a checkout already in the batch goes
to the next one, where it is answered as the replay it is. Writers lock stock in variant-id
order, so several of them (and other processes) never deadlock.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import datetime, timedelta

from api.kit.logging import correlation_id_var, get_logger
from api.kit.uow import UnitOfWorkFactory
from api.warehouse.service.reserving import Answer, Outcome, Request, reserve_batch

log = get_logger(__name__)

_Pending = tuple[Request, "asyncio.Future[Answer]"]


class ReservationWriter:
    """Reserves checkouts submitted by concurrent requests in shared transactions."""

    def __init__(
        self,
        uows: UnitOfWorkFactory,
        *,
        clock: Callable[[], datetime],
        ttl: timedelta,
        default_reorder_point: int,
        batch_size: int = 128,
        window_seconds: float = 0.002,
        writers: int = 2,
    ) -> None:
        self._uows = uows
        self._clock = clock
        self._ttl = ttl
        self._default_reorder_point = default_reorder_point
        self._batch_size = batch_size
        self._window = window_seconds
        self._writers = writers
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []
        self.batches = 0
        self.checkouts = 0

    async def start(self) -> None:
        self._tasks = [asyncio.create_task(self._run()) for _ in range(self._writers)]

    async def stop(self) -> None:
        """Finish what was submitted, then stop the writers."""
        await self._queue.join()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def submit(self, request: Request) -> Answer:
        """Reserve ``request`` (with whatever else is waiting); raises the error refusing it."""
        if request.correlation_id is None:
            correlation = correlation_id_var.get()
            if correlation:
                request = Request(request.body, str(correlation))
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        await self._queue.put((request, future))
        return await future

    async def _take(self) -> list[_Pending]:
        batch = [await self._queue.get()]
        deadline = asyncio.get_running_loop().time() + self._window
        while len(batch) < self._batch_size:
            if self._queue.empty():
                left = deadline - asyncio.get_running_loop().time()
                if left <= 0:
                    break
                try:
                    batch.append(await asyncio.wait_for(self._queue.get(), left))
                except TimeoutError:
                    break
            else:
                batch.append(self._queue.get_nowait())
        return batch

    async def _run(self) -> None:
        while True:
            batch = await self._take()
            try:
                pending = batch
                while pending:  # waves of distinct checkout ids, one transaction each
                    wave: list[_Pending] = []
                    later: list[_Pending] = []
                    seen: set[object] = set()
                    for item in pending:
                        checkout_id = item[0].body.checkout_id
                        (later if checkout_id in seen else wave).append(item)
                        seen.add(checkout_id)
                    await self._reserve(wave)
                    pending = later
            finally:
                for _ in batch:
                    self._queue.task_done()

    async def _reserve(self, batch: list[_Pending]) -> None:
        try:
            async with self._uows() as uow:
                outcomes = await reserve_batch(
                    uow,
                    [request for request, _ in batch],
                    at=self._clock(),
                    ttl=self._ttl,
                    default_reorder_point=self._default_reorder_point,
                )
                await uow.commit()
        except Exception as exc:
            if len(batch) == 1:
                _answer(batch[0][1], exc)
                return
            log.warning(
                "reservation batch failed; reserving its checkouts one by one", exc_info=exc
            )
            for pending in batch:
                await self._reserve([pending])
            return
        self.batches += 1
        self.checkouts += len(batch)
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            _answer(future, outcome)


def _answer(future: asyncio.Future[Answer], outcome: Outcome | BaseException) -> None:
    if future.done():  # the caller went away; a retry of its checkout finds the answer by id
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
