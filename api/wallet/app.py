"""The wallet app (port 3011, wallet_db): the factory, and the clients and writer it runs.

``get_settings`` is re-exported here because the worker and the tools find a service's settings
through its ``app`` module; the service's own code imports :mod:`api.wallet.settings`.
"""

from __future__ import annotations

from fastapi import FastAPI

from api.kit.app import create_service_app
from api.kit.db import make_async_engine
from api.wallet.service.ledger.writer import Books, LedgerWriter
from api.wallet.service.wallets import WalletDirectory
from api.wallet.settings import WalletSettings, get_settings

__all__ = ["WalletSettings", "create_app", "get_settings"]


async def _start(app: FastAPI) -> None:
    settings: WalletSettings = app.state.settings
    # A test may have put a client on a transport of its own (the sandbox in-process) already.
    if app.state.xendit is None:
        app.state.xendit = settings.provider_client()
    app.state.wallets = WalletDirectory()
    # The writers' own connections, one each: no ping per checkout (a round trip per batch on
    # the hot account's path); a broken connection fails its batch, which is posted again.
    app.state.ledger_engine = make_async_engine(
        settings.resolved_database_url,
        pool_size=settings.ledger_writers,
        max_overflow=settings.ledger_writers,
        pre_ping=False,
    )
    app.state.ledger = LedgerWriter(
        app.state.ledger_engine,
        clock=settings.now,
        batch_size=settings.ledger_batch_size,
        writers=settings.ledger_writers,
    )
    await app.state.ledger.start()
    app.state.books = Books(app.state.ledger, app.state.wallets, app.state.uow_factory)


async def _stop(app: FastAPI) -> None:
    await app.state.ledger.stop()
    await app.state.ledger_engine.dispose()
    await app.state.xendit.aclose()


def create_app(settings: WalletSettings | None = None) -> FastAPI:
    """The wallet service's FastAPI app."""
    from api.wallet.routes import ROUTERS

    app = create_service_app(
        settings=settings or get_settings(),
        routers=ROUTERS,
        title="LAKOO wallet",
        description="Wallets as a double-entry ledger: credits, debits, holds, withdrawals.",
        on_startup=[_start],
        on_shutdown=[_stop],
    )
    app.state.xendit = None
    return app
