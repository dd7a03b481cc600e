"""The unit of work: one transaction, its session and its outbox; rolls back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.kit.outbox import OutboxWriter


class UnitOfWork:
    """``async with uow: …; await uow.commit()`` — leaving without commit rolls everything back.

    Service functions receive a unit of work and never commit; the route (or the consumer
    runtime) decides, so a state change and the events announcing it land together or not at all.
    """

    session: AsyncSession
    outbox: OutboxWriter

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, producer: str) -> None:
        self._sessions = sessions
        self._producer = producer
        self._committed = False

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        self.outbox = OutboxWriter(self.session, producer=self._producer)
        self._committed = False
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if not self._committed:
                await self.session.rollback()
        finally:
            await self.session.close()

    async def commit(self) -> None:
        """Commit the transaction (state changes and outbox rows together)."""
        await self.session.commit()
        self._committed = True

    async def rollback(self) -> None:
        """Discard everything written so far."""
        await self.session.rollback()


class UnitOfWorkFactory:
    """Makes units of work for one service database (injected into routes and consumers)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, producer: str) -> None:
        self.sessions = sessions
        self.producer = producer

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self.sessions, producer=self.producer)
