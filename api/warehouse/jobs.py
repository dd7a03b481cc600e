"""Periodic work of the warehouse worker: expiring reservations nobody paid for."""

from __future__ import annotations

from api.kit.settings import ServiceSettings
from api.kit.uow import UnitOfWorkFactory
from api.kit.worker import PeriodicJob, drain_in_batches
from api.warehouse.service import lifecycle
from api.warehouse.settings import WarehouseSettings, get_settings


async def expire_reservations(uow_factory: UnitOfWorkFactory, settings: ServiceSettings) -> int:
    """Release every reservation past its expiry, batch by batch; returns how many expired.

    The time comes from the settings' clock, so tests move it forward instead of sleeping.
    """
    config = settings if isinstance(settings, WarehouseSettings) else get_settings()
    size = config.expiry_batch_size
    return await drain_in_batches(
        uow_factory,
        lambda uow: lifecycle.expire_due(
            uow,
            now=config.now(),
            batch_size=size,
            default_reorder_point=config.default_reorder_point,
        ),
        size,
    )


async def _run(uow_factory: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    await expire_reservations(uow_factory, settings)


JOBS: list[PeriodicJob] = [
    PeriodicJob(
        name="expire_reservations",
        interval_seconds=get_settings().expiry_interval_seconds,
        run=_run,
    )
]
