"""The order app (port 3006, order_db): the factory on the service's settings."""

from __future__ import annotations

from fastapi import FastAPI

from api.kit.app import create_service_app
from api.order.settings import OrderSettings, get_settings


async def _open_upstreams(app: FastAPI) -> None:
    # Tests put in-process transports (real apps, or labelled fakes) on app.state.transports.
    settings: OrderSettings = app.state.settings
    app.state.upstreams = settings.upstreams(app.state.transports)


async def _close_upstreams(app: FastAPI) -> None:
    await app.state.upstreams.aclose()


def create_app(settings: OrderSettings | None = None) -> FastAPI:
    """The order app; its upstream clients sit on ``app.state.upstreams``."""
    from api.order.routes import router

    app = create_service_app(
        settings=settings or get_settings(),
        routers=[router],
        title="LAKOO order",
        description="Checkout, orders, the order saga, returns.",
        on_startup=[_open_upstreams],
        on_shutdown=[_close_upstreams],
    )
    app.state.transports = {}
    return app
