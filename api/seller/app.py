"""The seller app (port 3015, seller_db): the factory and the clients it runs.

``get_settings`` is re-exported here because the worker and the tools find a service's settings
through its ``app`` module; the service's own code imports :mod:`api.seller.settings`.
"""

from __future__ import annotations

from fastapi import FastAPI

from api.kit.app import create_service_app
from api.seller.settings import SellerSettings, get_settings

__all__ = ["SellerSettings", "create_app", "get_settings"]


async def _start(app: FastAPI) -> None:
    settings: SellerSettings = app.state.settings
    # A test may have put clients of its own on the app already, or in-process transports of
    # the apps it calls on ``app.state.transports`` (the kit's convention, as order's).
    if app.state.upstreams is None:
        app.state.upstreams = settings.upstreams(app.state.transports)
    app.state.documents = settings.document_storage()


async def _stop(app: FastAPI) -> None:
    await app.state.upstreams.aclose()
    await app.state.documents.aclose()


def create_app(settings: SellerSettings | None = None) -> FastAPI:
    """The seller service's FastAPI app."""
    from api.seller.routes import ROUTERS

    app = create_service_app(
        settings=settings or get_settings(),
        routers=ROUTERS,
        title="LAKOO seller",
        description="Sellers' shops: application, verification, bank account, payouts, dashboard.",
        on_startup=[_start],
        on_shutdown=[_stop],
    )
    app.state.upstreams = None
    app.state.transports = {}
    return app
