"""``lakoo up`` / ``lakoo down`` / ``lakoo demo``: the whole platform under one supervisor."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
import typer
from rich.console import Console
from rich.table import Table

from lakoo.runtime import lakoo_home, repo_root
from lakoo.runtime import stack as local_stack
from lakoo.runtime.secrets import use_local_development
from lakoo.runtime.supervisor import Supervisor, pid_file, platform_processes

console = Console(highlight=False)


def _running_pid() -> int | None:
    path = pid_file()
    if not path.exists():
        return None
    pid = int(path.read_text().strip() or 0)
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, ValueError):
        path.unlink(missing_ok=True)
        return None
    return pid


def up(
    detach: bool = typer.Option(False, "--detach", "-d", help="Run in the background and return."),
) -> None:
    """Start the stack, migrate every service and run the whole platform until Ctrl-C."""
    if (pid := _running_pid()) is not None:
        console.print(f"the platform already runs (pid {pid}); `lakoo down` stops it")
        raise typer.Exit(1)
    use_local_development()  # generated secrets (once), LAKOO_ENV=development
    if detach:
        _up_detached()
        return
    from api.kit import migrate  # Alembic is slow to import; only `up` needs it

    info = local_stack.up()
    console.print(f"PostgreSQL {info.postgres_url} · Kafka {info.kafka_bootstrap}")
    for service in migrate.upgrade_all():
        console.print(f"[green]✓[/] migrated {service}")
    if (repo_root() / "pipelines" / "definitions.py").is_file():
        from pipelines.instance import write_instance_yaml

        # Dagster's processes find their instance (storage in dagster_db) through DAGSTER_HOME
        console.print(f"Dagster instance in {write_instance_yaml()}")
    supervisor = Supervisor(platform_processes(), console=console)
    pid_file().write_text(str(os.getpid()))
    stop = False

    def request_stop(*_: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        supervisor.start()
        missing = supervisor.wait_healthy()
        if missing:
            console.print(f"[red]not healthy:[/] {', '.join(missing)}")
        else:
            console.print("[bold green]the platform is up[/] — Ctrl-C stops it")
        while not stop:
            time.sleep(0.2)
    finally:
        console.print("stopping…")
        supervisor.stop()
        pid_file().unlink(missing_ok=True)


def _up_detached(timeout: float = 120.0) -> None:
    log_path = lakoo_home() / "logs" / "platform.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        subprocess.Popen(
            [sys.executable, "-m", "lakoo.cli", "up"],
            cwd=repo_root(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "the platform is up" in log_path.read_text(errors="replace"):
            console.print(f"the platform is up; logs: {log_path}")
            return
        if "not healthy" in log_path.read_text(errors="replace"):
            break
        time.sleep(0.5)
    console.print(f"[red]the platform did not come up; see {log_path}[/]")
    raise typer.Exit(1)


def down(
    keep_stack: bool = typer.Option(False, help="Leave PostgreSQL and Kafka running."),
) -> None:
    """Stop a running `lakoo up` (and, unless --keep-stack, PostgreSQL and Kafka)."""
    if (pid := _running_pid()) is not None:
        os.kill(pid, signal.SIGTERM)
        for _ in range(150):
            if _running_pid() is None:
                break
            time.sleep(0.1)
        console.print("platform stopped")
    if not keep_stack:
        local_stack.down()
        console.print("stack stopped")


def health() -> None:
    """Show the health of every process of the running platform."""
    table = Table("part", "url", "status")
    ok = True
    with httpx.Client(timeout=2.0) as client:
        for spec in platform_processes():
            if not spec.health_url:
                continue
            try:
                status = str(client.get(spec.health_url).status_code)
            except httpx.HTTPError as exc:
                status, ok = f"down ({exc.__class__.__name__})", False
            table.add_row(spec.name, spec.health_url, status)
    status_now = local_stack.status()
    table.add_row(
        "postgres", status_now.postgres.url, "up" if status_now.postgres.running else "down"
    )
    table.add_row("kafka", status_now.kafka.bootstrap, "up" if status_now.kafka.running else "down")
    console.print(table)
    if not (ok and status_now.running):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the platform commands to the ``lakoo`` app."""
    app.command()(up)
    app.command()(down)
    app.command()(health)
