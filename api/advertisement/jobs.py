"""The advertisement service's periodic work (``lakoo worker advertisement``), on the settings'
clock.

- ``campaign-schedule``: active or paused campaigns whose ``ends_at`` has passed complete
  (``campaign.completed``), a batch per transaction until none is left.

Serving already stops at ``ends_at`` (the ranking query checks the schedule); the job makes the
status and its event follow, so the seller's list, the admin and the data platform see it ended.
"""

from __future__ import annotations

from api.advertisement.service import lifecycle
from api.advertisement.settings import AdvertisementSettings, get_settings
from api.kit.settings import ServiceSettings
from api.kit.uow import UnitOfWorkFactory
from api.kit.worker import PeriodicJob, drain_in_batches


async def complete_ended(uows: UnitOfWorkFactory, settings: ServiceSettings) -> int:
    """Complete every campaign whose schedule has ended; how many were."""
    assert isinstance(settings, AdvertisementSettings)
    size = settings.schedule_batch_size
    return await drain_in_batches(
        uows, lambda uow: lifecycle.complete_ended(uow, now=settings.now(), limit=size), size
    )


async def _schedule_job(uows: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    await complete_ended(uows, settings)


JOBS: list[PeriodicJob] = [
    PeriodicJob("campaign-schedule", get_settings().schedule_interval_seconds, _schedule_job),
]
