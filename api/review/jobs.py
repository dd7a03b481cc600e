"""The review service's periodic work (``lakoo worker review``): photos uploaded but never
attached to a review are deleted after a day (rows and files)."""

from __future__ import annotations

from api.kit.settings import ServiceSettings
from api.kit.uow import UnitOfWorkFactory
from api.kit.worker import PeriodicJob
from api.review.service import images
from api.review.settings import ReviewSettings, get_settings


async def prune_uploads(uows: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    """Delete unattached uploads older than ``unattached_image_hours``."""
    assert isinstance(settings, ReviewSettings)
    storage = settings.make_storage()
    try:
        async with uows() as uow:
            await images.prune(
                uow,
                storage=storage,
                older_than=images.window(settings.now(), settings.unattached_image_hours),
                limit=500,
            )
            await uow.commit()
    finally:
        await storage.aclose()


JOBS: list[PeriodicJob] = [
    PeriodicJob("prune-uploads", get_settings().job_interval_seconds, prune_uploads),
]
