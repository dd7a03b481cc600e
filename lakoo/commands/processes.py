"""Long-running processes: ``serve``, ``worker``, ``relay``.

``lakoo serve order`` and ``lakoo worker order`` run one service's part in a process of its own
(production, or scaling one part out). Naming several — or none, for every built one — runs them
side by side in one process (the development topology of DESIGN §3):

    lakoo serve                        every built service and the gateway, each on its port
    lakoo serve auth gateway:8000      two apps, the gateway on another port
    lakoo worker                       every built service's consumers and jobs
"""

from __future__ import annotations

import asyncio
import signal
import threading

import typer

from api.kit.settings import StackSettings
from api.kit.topology import (
    GATEWAY_PORT,
    SERVER_KEEP_ALIVE_SECONDS,
    SERVICES,
    served_services,
    worker_services,
)

_SERVE_HELP = "Services (or gateway), each NAME or NAME:PORT; none: every built one + gateway."


def _known(name: str, *, gateway: bool) -> str:
    if name in SERVICES or (gateway and name == "gateway"):
        return name
    raise typer.BadParameter(f"unknown service {name!r}; one of: {', '.join(SERVICES)}")


def parse_targets(targets: list[str], *, gateway: bool = True) -> dict[str, int]:
    """``["auth", "gateway:8000"]`` → ``{"auth": 3001, "gateway": 8000}`` (DESIGN §2 ports)."""
    ports: dict[str, int] = {}
    for target in targets:
        name, _, port = target.partition(":")
        _known(name, gateway=gateway)
        if port and not port.isdigit():
            raise typer.BadParameter(f"{target!r}: the port after ':' must be a number")
        default = GATEWAY_PORT if name == "gateway" else SERVICES[name].port
        ports[name] = int(port) if port else default
    return ports


def serve(
    services: list[str] = typer.Argument(None, help=_SERVE_HELP, show_default=False),
    host: str = typer.Option("127.0.0.1", help="Interface to bind."),
    port: int = typer.Option(None, help="Port of the one service named (default: DESIGN §2)."),
    workers: int = typer.Option(1, help="Uvicorn worker processes (one service only)."),
) -> None:
    """Serve services' HTTP APIs (and the gateway): one named, or many in one process."""
    targets = services or [*served_services(), "gateway"]
    ports = parse_targets(targets)
    if len(ports) == 1 and len(targets) == 1:
        import uvicorn

        ((service, default_port),) = ports.items()
        uvicorn.run(
            f"api.{service}.app:create_app",
            factory=True,
            host=host,
            port=port or default_port,
            workers=workers,
            log_level="warning",
            access_log=False,
            timeout_keep_alive=SERVER_KEEP_ALIVE_SECONDS,
        )
        return
    if port is not None or workers != 1:
        raise typer.BadParameter("--port and --workers apply to one service; use NAME:PORT")
    from lakoo.runtime.hosting import Hosted, HostingError, run

    apps = [
        Hosted(name, number, f"api.{name}.app:create_app", host=host, wave=int(name == "gateway"))
        for name, number in ports.items()
    ]
    try:
        run(apps)
    except HostingError as exc:
        typer.echo(f"lakoo serve: {exc}", err=True)
        raise typer.Exit(1) from None


def worker(
    services: list[str] = typer.Argument(
        None, help="Services whose workers to run; none: every built one.", show_default=False
    ),
) -> None:
    """Run services' event consumers and periodic jobs (one named, or many in one process)."""
    from api.kit.worker import run_workers

    names = list(parse_targets(services, gateway=False)) if services else worker_services()
    if not names:
        typer.echo("no service has consumers or jobs yet")
        return
    process = f"{names[0]}-worker" if len(names) == 1 else "workers"
    asyncio.run(run_workers(names, process_name=process))


def relay(
    database: list[str] = typer.Option(
        None, "--database", "-d", help="NAME=DSN to relay (repeatable); default: every service db."
    ),
    batch_size: int = typer.Option(5000, help="Rows per batch."),
) -> None:
    """Publish every service database's outbox to Kafka (at-least-once, ordered per aggregate)."""
    from api.kit.logging import configure_logging
    from ingestion.relay import RelayConfig, run_relays

    settings = StackSettings()
    configure_logging("relay", level=settings.log_level, json=settings.log_json)
    if database:
        databases = dict(item.split("=", 1) for item in database)
    else:
        from api.kit.settings import load_service_settings

        databases = {name: load_service_settings(name).resolved_database_url for name in SERVICES}
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
