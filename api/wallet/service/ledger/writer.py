"""Group commit: concurrent requests' ledger operations share one database transaction.

A request hands its operation to :meth:`LedgerWriter.submit` and waits. Writer tasks take
whatever has queued up (up to ``batch_size``), post it with the engine in ONE transaction and
answer every request. Under load a hot account (``platform:ad_revenue``) is then locked, updated
and committed once per batch instead of once per request, and its row lock is held for one
commit's worth of time per batch. A refused operation (insufficient balance…) is answered with its
error without failing the others; a batch that fails as a whole is retried one operation at a
time, so one bad request cannot take its neighbours down with it.

Writers lock in the engine's fixed order, so several of them (and other processes posting
through the engine) never deadlock.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from api.kit.logging import get_logger
from api.kit.outbox import OutboxWriter
from api.kit.uow import UnitOfWorkFactory
from api.wallet.service.ledger.engine import KeyRace, Outcome, Posted, post
from api.wallet.service.ledger.operations import Operation
from api.wallet.service.wallets import WalletDirectory

log = get_logger(__name__)

_Pending = tuple[Operation, "asyncio.Future[Posted]"]
_KEY_RACE_RETRIES = 3


class LedgerWriter:
    """Posts operations submitted by concurrent requests in shared transactions."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        clock: Callable[[], datetime],
        batch_size: int = 256,
        writers: int = 2,
        producer: str = "wallet",
    ) -> None:
        self._producer = producer
        self._engine = engine
        self._clock = clock
        self._batch_size = batch_size
        self._writers = writers
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []
        self.batches = 0
        self.operations = 0

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

    async def submit(self, op: Operation) -> Posted:
        """Post ``op`` (with whatever else is waiting); raises the domain error refusing it."""
        future: asyncio.Future[Posted] = asyncio.get_running_loop().create_future()
        await self._queue.put((op, future))
        return await future

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self._batch_size and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                await self._post(batch)
            finally:
                for _ in batch:
                    self._queue.task_done()

    async def _post(self, batch: list[_Pending]) -> None:
        ops = [op for op, _ in batch]
        try:
            outcomes = await self._post_with_retries(ops)
        except Exception as exc:
            if len(batch) == 1:
                _answer(batch[0][1], exc)
                return
            log.warning("ledger batch failed; posting its operations one by one", exc_info=exc)
            for pending in batch:
                await self._post([pending])
            return
        self.batches += 1
        self.operations += len(ops)
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            _answer(future, outcome)

    async def _post_with_retries(self, ops: Sequence[Operation]) -> list[Outcome]:
        for attempt in range(_KEY_RACE_RETRIES):
            try:
                async with self._engine.connect() as connection, connection.begin():
                    outbox = OutboxWriter(connection, producer=self._producer)
                    outcomes = await post(connection, outbox, ops, now=self._clock())
                return outcomes
            except KeyRace:
                # another process recorded one of these keys first; the next round finds it
                if attempt == _KEY_RACE_RETRIES - 1:
                    raise
        raise AssertionError("unreachable")


def _answer(future: asyncio.Future[Posted], outcome: Outcome | BaseException) -> None:
    if future.done():  # the request went away; its operation stands (a retry finds it by key)
        return
    if isinstance(outcome, Posted):
        future.set_result(outcome)
    else:
        future.set_exception(outcome)


@dataclass(frozen=True, slots=True)
class Books:
    """What a money-moving route needs, handed over as one dependency (one lookup per request
    on the hot path instead of three): the writer, the wallet directory, units of work."""

    ledger: LedgerWriter
    wallets: WalletDirectory
    uows: UnitOfWorkFactory
