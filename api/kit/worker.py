"""Workers: a service's consumers and periodic jobs, one service per process or many in one.

By convention a service package exposes ``settings.get_settings()``, ``consumers.HANDLERS`` (its
``{event_type: handler}`` table), optionally ``consumers.BATCH_HANDLER`` (whole fetched batches in
one transaction, see :mod:`api.kit.consumer`) and, if it has periodic work, ``jobs.JOBS``.
``lakoo worker <service>`` runs one service's worker (production: one process or container each,
scaled by Kafka partitions); ``lakoo worker --all`` runs every service's in one process
(development).
Each service keeps its own settings, engine, pool and consumer group either way: a service never
knows how many others share its process.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import signal
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from api.kit.consumer import BatchHandler, ConsumerRuntime, Handler
from api.kit.db import make_async_engine, make_session_factory
from api.kit.logging import configure_logging, get_logger, service_var
from api.kit.settings import ServiceSettings, load_service_settings
from api.kit.uow import UnitOfWork, UnitOfWorkFactory

log = get_logger(__name__)


async def drain_in_batches(
    uow_factory: UnitOfWorkFactory,
    step: Callable[[UnitOfWork], Awaitable[int]],
    batch_size: int,
) -> int:
    """Run ``step`` (one batch of at most ``batch_size`` rows, in its own committed transaction)
    until a batch comes back short; how many rows were done. A sweep over a backlog never holds
    one long transaction, and a failure loses only the batch it happened in."""
    total = 0
    while True:
        async with uow_factory() as uow:
            done = await step(uow)
            await uow.commit()
        total += done
        if done < batch_size:
            return total


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


@dataclass
class ServiceWorker:
    """One service's worker: its settings, handler table, jobs and (once running) its consumer."""

    service: str
    settings: ServiceSettings
    handlers: dict[str, Handler]
    jobs: Sequence[PeriodicJob]
    batch_handler: BatchHandler | None = None
    runtime: ConsumerRuntime | None = field(default=None, init=False)

    @classmethod
    def compose(cls, service: str) -> ServiceWorker:
        """Read ``api.<service>``'s settings, ``consumers.HANDLERS`` (and ``BATCH_HANDLER``)
        and ``jobs.JOBS``."""
        handlers: dict[str, Handler] = _optional_attr(f"api.{service}.consumers", "HANDLERS", {})  # type: ignore[assignment]
        batch_handler: BatchHandler | None = _optional_attr(  # type: ignore[assignment]
            f"api.{service}.consumers", "BATCH_HANDLER", None
        )
        jobs: Sequence[PeriodicJob] = _optional_attr(f"api.{service}.jobs", "JOBS", ())  # type: ignore[assignment]
        settings = load_service_settings(service)
        return cls(service, settings, dict(handlers), tuple(jobs), batch_handler)

    @property
    def idle(self) -> bool:
        """Nothing to consume and nothing periodic: no need to run at all."""
        return not self.handlers and not self.jobs

    @property
    def ready(self) -> bool:
        """Its consumer (if any) has been given its partitions."""
        return self.runtime is None or self.runtime.assigned.is_set()

    async def run(self, stop: asyncio.Event) -> None:
        """Consume and run jobs until ``stop``; the engine is disposed of on the way out."""
        service_var.set(self.service)  # this task's log lines name the service
        settings = self.settings
        engine = make_async_engine(settings.resolved_database_url, pool_size=5)
        uow_factory = UnitOfWorkFactory(make_session_factory(engine), producer=self.service)
        tasks = [run_jobs(self.jobs, uow_factory, settings, stop)]
        if self.handlers:
            self.runtime = ConsumerRuntime(
                consumer_name=self.service,
                handlers=self.handlers,
                uow_factory=uow_factory,
                bootstrap=settings.kafka_bootstrap_servers,
                group_id=settings.consumer_group(self.service),
                start_from=settings.consumer_start,
                batch_handler=self.batch_handler,
            )
            tasks.append(self.runtime.run(stop))
        log.info(
            "worker started",
            extra={"handlers": sorted(self.handlers), "jobs": [j.name for j in self.jobs]},
        )
        try:
            await asyncio.gather(*tasks)
        finally:
            await engine.dispose()


async def _announce_ready(workers: Sequence[ServiceWorker], stop: asyncio.Event) -> None:
    """Log ``workers ready`` once every consumer has its partitions (``lakoo up`` waits for it)."""
    while not stop.is_set():
        if all(worker.ready for worker in workers):
            log.info("workers ready", extra={"services": [w.service for w in workers]})
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.2)


async def run_workers(services: Sequence[str], *, process_name: str | None = None) -> None:
    """Run the workers of ``services`` in this process until SIGINT/SIGTERM.

    A worker that fails stops the others and the process exits with its error, as a worker
    process of its own would: the supervisor sees it leave and says so.
    """
    composed = [ServiceWorker.compose(s) for s in services]
    workers = [w for w in composed if not w.idle]
    common = composed[0].settings
    configure_logging(
        process_name or f"{services[0]}-worker", level=common.log_level, json=common.log_json
    )
    if idle := [w.service for w in composed if w.idle]:
        log.info("no consumers or jobs: nothing to run", extra={"idle_services": idle})
    loop = asyncio.get_running_loop()
    # every consumer holds a thread while it polls Kafka: size the pool for all of them
    loop.set_default_executor(ThreadPoolExecutor(max_workers=4 + 2 * len(workers)))
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)

    async def guarded(worker: ServiceWorker) -> None:
        try:
            await worker.run(stop)
        except Exception:
            log.exception("worker failed", extra={"failed_service": worker.service})
            stop.set()
            raise

    await asyncio.gather(_announce_ready(workers, stop), *(guarded(w) for w in workers))


async def run_worker(service: str) -> None:
    """Compose and run the worker of ``service`` alone until SIGINT/SIGTERM."""
    await run_workers([service])
