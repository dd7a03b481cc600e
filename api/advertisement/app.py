"""The advertisement app (port 3013, advert_db): campaigns, serving, clicks, daily charges.

``get_settings`` is re-exported here because the worker and the tools find a service's settings
through its ``app`` module; the service's own code imports :mod:`api.advertisement.settings`.
"""

from __future__ import annotations

from fastapi import FastAPI

from api.advertisement.service.click_writer import ClickWriter
from api.advertisement.service.impressions import ImpressionWriter
from api.advertisement.settings import AdvertisementSettings, get_settings
from api.advertisement.upstream import WalletClient
from api.kit.app import create_service_app
from api.kit.numbering import WIB

__all__ = ["AdvertisementSettings", "create_app", "get_settings"]


async def _start(app: FastAPI) -> None:
    settings: AdvertisementSettings = app.state.settings
    app.state.wallet = WalletClient(
        settings.wallet_service_url,
        internal_api_key=settings.internal_api_key.get_secret_value(),
        timeout=settings.upstream_timeout_seconds,
        transport=app.state.transports.get("wallet"),  # a test's in-process wallet
    )
    app.state.impressions = ImpressionWriter(
        app.state.uow_factory,
        today=lambda: settings.now().astimezone(WIB).date(),
        batch_size=settings.impression_batch_size,
    )
    await app.state.impressions.start()
    app.state.clicks = ClickWriter(
        app.state.uow_factory, settings, batch_size=settings.click_batch_size
    )
    await app.state.clicks.start()


async def _stop(app: FastAPI) -> None:
    await app.state.clicks.stop()
    await app.state.impressions.stop()
    await app.state.wallet.aclose()


def create_app(settings: AdvertisementSettings | None = None) -> FastAPI:
    """The advertisement service's FastAPI app."""
    from api.advertisement.routes import ROUTERS

    app = create_service_app(
        settings=settings or get_settings(),
        routers=ROUTERS,
        title="LAKOO advertisement",
        description="Seller campaigns, sponsored placements, click rules, daily ad charges.",
        on_startup=[_start],
        on_shutdown=[_stop],
    )
    # the kit's convention for upstream transports (tests put in-process apps here)
    app.state.transports = {}
    return app
