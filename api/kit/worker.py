"""``lakoo worker <service>``: the service's consumers and periodic jobs in one process.

By convention a service package exposes ``app.get_settings()``, ``consumers.HANDLERS`` (its
``{event_type: handler}`` table) and, if it has periodic work, ``jobs.JOBS``.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import signal
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from api.kit.consumer import ConsumerRuntime, Handler
from api.kit.db import make_async_engine, make_session_factory
from api.kit.logging import configure_logging, get_logger
from api.kit.settings import ServiceSettings
from api.kit.uow import UnitOfWorkFactory

log = get_logger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    """Work a worker runs every ``interval_seconds`` (expiries, retries, reconciliations)."""

    name: str
    interval_seconds: float
    run: Callable[[UnitOfWorkFactory, ServiceSettings], Awaitable[None]]


async def run_jobs(
    jobs: Sequence[PeriodicJob],
    uow_factory: UnitOfWorkFactory,
    settings: ServiceSettings,
    stop: asyncio.Event,
) -> None:
    """Run each job on its interval until ``stop``; a failing run is logged, never fatal."""

    async def loop(job: PeriodicJob) -> None:
        while not stop.is_set():
            try:
                await job.run(uow_factory, settings)
            except Exception:
                log.exception("periodic job failed", extra={"job": job.name})
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=job.interval_seconds)

    await asyncio.gather(*(loop(job) for job in jobs))


def _optional_attr(module_name: str, attr: str, default: object) -> object:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return default
        raise
    return getattr(module, attr, default)


async def run_worker(service: str) -> None:
    """Compose and run the worker of ``service`` until SIGINT/SIGTERM."""
    app_module = importlib.import_module(f"api.{service}.app")
    settings: ServiceSettings = app_module.get_settings()
    configure_logging(f"{service}-worker", level=settings.log_level, json=settings.log_json)
    handlers: dict[str, Handler] = _optional_attr(f"api.{service}.consumers", "HANDLERS", {})  # type: ignore[assignment]
    jobs: Sequence[PeriodicJob] = _optional_attr(f"api.{service}.jobs", "JOBS", ())  # type: ignore[assignment]

    engine = make_async_engine(settings.resolved_database_url, pool_size=5)
    uow_factory = UnitOfWorkFactory(make_session_factory(engine), producer=service)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)

    tasks = [run_jobs(jobs, uow_factory, settings, stop)]
    if handlers:
        runtime = ConsumerRuntime(
            consumer_name=service,
            handlers=handlers,
            uow_factory=uow_factory,
            bootstrap=settings.kafka_bootstrap_servers,
            group_id=settings.consumer_group(service),
            start_from=settings.consumer_start,
        )
        tasks.append(runtime.run(stop))
    log.info("worker started", extra={"handlers": sorted(handlers), "jobs": [j.name for j in jobs]})
    try:
        await asyncio.gather(*tasks)
    finally:
        await engine.dispose()
