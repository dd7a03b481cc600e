"""Periodic work of the notification worker: delivering due messages (and retrying failures).

The delivery job keeps its provider clients (and their open SMTP sessions and HTTP pools) for
the life of the worker; it runs rounds back to back while the queue is full, then waits for the
next tick. Time comes from the settings' clock, so tests move it instead of sleeping.
"""

from __future__ import annotations

from api.kit.client import ServiceClient
from api.kit.settings import ServiceSettings
from api.kit.uow import UnitOfWorkFactory
from api.kit.worker import PeriodicJob
from api.notification.providers.registry import Providers, build_providers
from api.notification.service.delivery import RetryPolicy, deliver_due
from api.notification.service.resolve import AuthDirectory, Directory
from api.notification.settings import NotificationSettings, get_settings

__all__ = ["JOBS", "DeliveryJob", "auth_directory", "retry_policy"]


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

    def __init__(
        self,
        providers: Providers | None = None,
        *,
        directory: Directory | None = None,
        resolve: bool = True,
    ) -> None:
        """``directory`` resolves recipients not learnt yet (default, when ``resolve``: auth
        at the settings' ``auth_service_url``); ``resolve=False`` waits for ``user.*`` only."""
        self.providers = providers
        self.directory = directory
        self.resolve = resolve or directory is not None

    async def __call__(self, uow_factory: UnitOfWorkFactory, settings: ServiceSettings) -> int:
        config = settings if isinstance(settings, NotificationSettings) else get_settings()
        if self.providers is None:
            self.providers = build_providers(config)
        if self.resolve and self.directory is None:
            self.directory = auth_directory(config)
        total = 0
        while True:
            tried = await deliver_due(
                uow_factory,
                self.providers,
                clock=config.now,
                policy=retry_policy(config),
                batch_size=config.delivery_batch_size,
                record_every=config.delivery_record_every,
                directory=self.directory,
            )
            total += tried
            if tried < config.delivery_batch_size:
                return total

    async def aclose(self) -> None:
        if self.providers is not None:
            await self.providers.aclose()
        if self.directory is not None:
            await self.directory.aclose()


def auth_directory(settings: NotificationSettings) -> AuthDirectory:
    """Auth's internal user read, with the internal key (few retries: a lookup that fails
    hands its messages back to the queue for later)."""
    client = ServiceClient(
        settings.auth_service_url,
        internal_api_key=settings.internal_api_key.get_secret_value(),
        name="auth",
        timeout=settings.upstream_timeout_seconds,
        retries=1,
    )
    return AuthDirectory(client)


async def _deliver(uow_factory: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    await _DELIVERY(uow_factory, settings)


_DELIVERY = DeliveryJob()

JOBS: list[PeriodicJob] = [
    PeriodicJob("deliver_messages", get_settings().delivery_interval_seconds, _deliver),
]
