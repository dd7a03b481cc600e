"""Periodic work of the notification worker: delivering due messages (and retrying failures).

The delivery job keeps its provider clients (and their open SMTP sessions and HTTP pools) for
the life of the worker; it runs rounds back to back while the queue is full, then waits for the
next tick. Time comes from the settings' clock, so tests move it instead of sleeping.
"""

from __future__ import annotations

from api.kit.settings import ServiceSettings
from api.kit.uow import UnitOfWorkFactory
from api.kit.worker import PeriodicJob
from api.notification.providers.registry import Providers, build_providers
from api.notification.service.delivery import RetryPolicy, deliver_due
from api.notification.settings import NotificationSettings, get_settings

__all__ = ["JOBS", "DeliveryJob", "retry_policy"]


def retry_policy(settings: NotificationSettings) -> RetryPolicy:
    """The retry and failover rules of the settings."""
    return RetryPolicy(
        max_attempts=settings.max_attempts,
        failover_after=settings.failover_after,
        base_seconds=settings.retry_base_seconds,
        max_seconds=settings.retry_max_seconds,
        lease_seconds=settings.lease_seconds,
    )


class DeliveryJob:
    """Claims due messages and hands them to the providers until the queue is drained."""

    def __init__(self, providers: Providers | None = None) -> None:
        self.providers = providers

    async def __call__(self, uow_factory: UnitOfWorkFactory, settings: ServiceSettings) -> int:
        config = settings if isinstance(settings, NotificationSettings) else get_settings()
        if self.providers is None:
            self.providers = build_providers(config)
        total = 0
        while True:
            tried = await deliver_due(
                uow_factory,
                self.providers,
                clock=config.now,
                policy=retry_policy(config),
                batch_size=config.delivery_batch_size,
                record_every=config.delivery_record_every,
            )
            total += tried
            if tried < config.delivery_batch_size:
                return total

    async def aclose(self) -> None:
        if self.providers is not None:
            await self.providers.aclose()


async def _deliver(uow_factory: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    await _DELIVERY(uow_factory, settings)


_DELIVERY = DeliveryJob()

JOBS: list[PeriodicJob] = [
    PeriodicJob("deliver_messages", get_settings().delivery_interval_seconds, _deliver),
]
