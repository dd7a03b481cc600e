"""The warehouse app (port 3012, warehouse_db): the factory on the service's settings, and the
reservation writer (group commit) it runs."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from api.kit.app import create_service_app
from api.kit.catalog import close_product_catalog, open_product_catalog
from api.kit.db import make_async_engine, make_session_factory
from api.kit.uow import UnitOfWorkFactory
from api.warehouse.service.reservation_writer import ReservationWriter
from api.warehouse.settings import WarehouseSettings, get_settings


async def _start_writer(app: FastAPI) -> None:
    settings: WarehouseSettings = app.state.settings
    # The writers' own connections, one each and no ping per batch (a round trip on the hot
    # row's path); a broken connection fails its batch, which is reserved again one by one.
    app.state.reservation_engine = make_async_engine(
        settings.resolved_database_url,
        pool_size=settings.reservation_writers,
        max_overflow=settings.reservation_writers,
        pre_ping=False,
    )
    app.state.reservations = ReservationWriter(
        UnitOfWorkFactory(
            make_session_factory(app.state.reservation_engine), producer=settings.service_name
        ),
        clock=settings.now,
        ttl=timedelta(minutes=settings.reservation_ttl_minutes),
        default_reorder_point=settings.default_reorder_point,
        batch_size=settings.reservation_batch_size,
        window_seconds=settings.reservation_batch_window_ms / 1000,
        writers=settings.reservation_writers,
    )
    await app.state.reservations.start()


async def _stop_writer(app: FastAPI) -> None:
    await app.state.reservations.stop()
    await app.state.reservation_engine.dispose()


def create_app(settings: WarehouseSettings | None = None) -> FastAPI:
    """The warehouse's FastAPI app; its product-catalogue reader sits on ``app.state.catalog``,
    the reservation writer on ``app.state.reservations``."""
    from api.warehouse.routes import router

    app = create_service_app(
        settings=settings or get_settings(),
        routers=[router],
        title="LAKOO warehouse",
        description="Stock, reservations, grosir bundles, purchase orders and stock alerts.",
        on_startup=[open_product_catalog, _start_writer],
        on_shutdown=[_stop_writer, close_product_catalog],
    )
    app.state.product_client = None
    app.state.transports = {}  # tests: in-process upstreams (api.kit.catalog)
    return app
