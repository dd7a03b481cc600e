"""Long-running processes: ``serve``, ``worker``, ``relay``."""

from __future__ import annotations

import asyncio
import signal
import threading

import typer
import uvicorn

from api.kit.logging import configure_logging
from api.kit.settings import StackSettings
from api.kit.topology import SERVICES


def _known_service(name: str) -> str:
    if name not in SERVICES and name != "gateway":
        raise typer.BadParameter(f"unknown service {name!r}; one of: {', '.join(SERVICES)}")
    return name


def serve(
    service: str = typer.Argument(..., callback=_known_service, help="Service (or gateway)."),
    host: str = typer.Option("127.0.0.1", help="Interface to bind."),
    port: int = typer.Option(None, help="Port; default: the service's port (DESIGN §2)."),
    workers: int = typer.Option(1, help="Uvicorn worker processes."),
) -> None:
    """Serve one service's HTTP API (or the gateway)."""
    from api.kit.topology import GATEWAY_PORT

    default_port = GATEWAY_PORT if service == "gateway" else SERVICES[service].port
    uvicorn.run(
        f"api.{service}.app:create_app",
        factory=True,
        host=host,
        port=port or default_port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )


def worker(
    service: str = typer.Argument(
        ..., callback=_known_service, help="Service whose worker to run."
    ),
) -> None:
    """Run one service's event consumers and periodic jobs."""
    from api.kit.worker import run_worker

    asyncio.run(run_worker(service))


def relay(
    database: list[str] = typer.Option(
        None, "--database", "-d", help="NAME=DSN to relay (repeatable); default: every service db."
    ),
    batch_size: int = typer.Option(5000, help="Rows per batch."),
) -> None:
    """Publish every service database's outbox to Kafka (at-least-once, ordered per aggregate)."""
    from ingestion.relay import RelayConfig, run_relays

    settings = StackSettings()
    configure_logging("relay", level=settings.log_level, json=settings.log_json)
    if database:
        databases = dict(item.split("=", 1) for item in database)
    else:
        from api.kit.migrate import service_settings

        databases = {name: service_settings(name).resolved_database_url for name in SERVICES}
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    run_relays(
        databases,
        bootstrap=settings.kafka_bootstrap_servers,
        stop=stop,
        config=RelayConfig(batch_size=batch_size),
    )


def register(app: typer.Typer) -> None:
    """Add the process commands to the ``lakoo`` app."""
    app.command()(serve)
    app.command()(worker)
    app.command()(relay)
