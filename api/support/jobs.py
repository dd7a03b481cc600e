"""The support service's periodic work (``lakoo worker support``), on the settings' clock.

- ``sla-watch``: warnings at 80 % of a target, breaches (flagged, escalated once, announced);
- ``assign-waiting``: tickets nobody could take yet go to agents with room;
- ``auto-close``: resolved tickets close 7 days after resolution.
"""

from __future__ import annotations

from datetime import timedelta

from api.kit.logging import get_logger
from api.kit.settings import ServiceSettings
from api.kit.uow import UnitOfWorkFactory
from api.kit.worker import PeriodicJob
from api.support.service import agents, escalation, lifecycle
from api.support.settings import SupportSettings, get_settings

log = get_logger(__name__)


def _support(settings: ServiceSettings) -> SupportSettings:
    assert isinstance(settings, SupportSettings)
    return settings


async def sla_watch(uows: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    """Announce the warnings and breaches due now (escalating first breaches)."""
    config = _support(settings)
    async with uows() as uow:
        report = await escalation.watch(uow, now=config.now(), limit=config.job_batch_size)
        await uow.commit()
    if report.breaches or report.warnings:
        log.info(
            "sla watch",
            extra={"warnings": len(report.warnings), "breaches": len(report.breaches)},
        )


async def assign_waiting(uows: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    """Give unassigned active tickets to agents with room."""
    config = _support(settings)
    async with uows() as uow:
        await agents.assign_waiting(
            uow, cap=config.max_active_per_agent, at=config.now(), limit=config.job_batch_size
        )
        await uow.commit()


async def auto_close(uows: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    """Close tickets resolved more than ``auto_close_days`` ago."""
    config = _support(settings)
    async with uows() as uow:
        await lifecycle.close_resolved(
            uow,
            now=config.now(),
            after=timedelta(days=config.auto_close_days),
            limit=config.job_batch_size,
        )
        await uow.commit()


_INTERVAL = get_settings().job_interval_seconds

JOBS: list[PeriodicJob] = [
    PeriodicJob("sla-watch", _INTERVAL, sla_watch),
    PeriodicJob("assign-waiting", _INTERVAL, assign_waiting),
    PeriodicJob("auto-close", _INTERVAL * 10, auto_close),
]
