"""The logistic app (port 3009, logistics_db): the factory on the service's settings."""

from __future__ import annotations

from fastapi import FastAPI

from api.kit.app import create_service_app
from api.logistic.settings import LogisticSettings, get_settings


async def _open_courier(app: FastAPI) -> None:
    # A test may have put a client on a transport of its own (the sandbox in-process) already.
    if getattr(app.state, "biteship", None) is None:
        settings: LogisticSettings = app.state.settings
        app.state.biteship = settings.biteship_client()


async def _close_courier(app: FastAPI) -> None:
    await app.state.biteship.aclose()


def create_app(settings: LogisticSettings | None = None) -> FastAPI:
    """The logistic service's FastAPI app; its Biteship client sits on ``app.state.biteship``."""
    from api.logistic.routes import router

    app = create_service_app(
        settings=settings or get_settings(),
        routers=[router],
        title="LAKOO logistic",
        description="Courier rates, shipments and tracking through Biteship.",
        on_startup=[_open_courier],
        on_shutdown=[_close_courier],
    )
    app.state.biteship = None
    return app
