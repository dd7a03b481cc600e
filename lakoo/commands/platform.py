"""``lakoo up`` / ``lakoo down`` / ``lakoo health``: the whole platform under one supervisor."""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from lakoo.runtime import lakoo_home, repo_root
from lakoo.runtime.secrets import use_local_development
from lakoo.runtime.supervisor import DOWN_LINE, UP_LINE, pid_file, process_alive

if TYPE_CHECKING:
    from lakoo.runtime.supervisor import StepSpec

console = Console(highlight=False, soft_wrap=True)

# what `lakoo up` prints about its parts (children's own lines carry a "name |" prefix)
_REPORT_MARKS = ("✓", "✗", "…", "    ", UP_LINE, DOWN_LINE)


def _running_pid() -> int | None:
    path = pid_file()
    if not path.exists():
        return None
    try:
        pid = int(path.read_text().strip() or 0)
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
        up_detached()
    else:
        _up_foreground()


def _steps() -> tuple[StepSpec, StepSpec, StepSpec]:
    """Starting PostgreSQL, migrating, starting Kafka: done in ``lakoo up``'s own process."""
    from lakoo.runtime import stack as local_stack
    from lakoo.runtime.supervisor import StepSpec

    def migrate() -> str:
        from api.kit import migrate  # Alembic is slow to import: only this step needs it

        services = migrate.upgrade_all()
        return f"{len(services)} services at their latest revision"

    return (
        StepSpec(
            "postgres",
            local_stack.up_postgres,
            timeout=60,
            starting="starts PostgreSQL (initdb on the first run) and creates the databases",
        ),
        StepSpec(
            "migrations",
            migrate,
            after=("postgres",),
            timeout=60,
            starting="runs every service's Alembic history",
        ),
        StepSpec(
            "kafka",
            local_stack.up_kafka,
            timeout=90,
            starting="starts Kafka's JVM and creates the catalog's topics (the first run also "
            "resolves the broker's jars from Maven Central)",
        ),
    )


def _up_foreground() -> None:
    from lakoo.runtime.platform import development_parts
    from lakoo.runtime.supervisor import Supervisor

    dagster_home = None
    if (repo_root() / "pipelines" / "definitions.py").is_file():
        from pipelines.instance import write_instance_yaml

        # Dagster's processes find their instance (storage in dagster_db) through DAGSTER_HOME
        dagster_home = write_instance_yaml()
    start_postgres, migrate, start_kafka = _steps()
    supervisor = Supervisor(
        development_parts(
            start_postgres=start_postgres,
            migrate=migrate,
            start_kafka=start_kafka,
            dagster_home=dagster_home,
        ),
        console=console,
    )
    pid_file().parent.mkdir(parents=True, exist_ok=True)
    pid_file().write_text(str(os.getpid()))
    stop = False

    def request_stop(*_: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        readiness = supervisor.wait_ready(on_poll=lambda: stop)
        if stop:
            return
        if readiness.ok:
            console.print(
                f"[bold green]{UP_LINE}[/] in {readiness.seconds:.1f} s — Ctrl-C stops it"
            )
        else:
            console.print(f"[bold red]{DOWN_LINE}:[/] {', '.join(sorted(readiness.failed))}")
        while not stop:
            time.sleep(0.2)
    finally:
        console.print("stopping…")
        supervisor.stop()
        pid_file().unlink(missing_ok=True)


def platform_log() -> Path:
    """This run's log of ``lakoo up --detach`` (the previous run's is kept beside it)."""
    return lakoo_home() / "logs" / "platform.log"


def up_detached(timeout: float = 600.0, command: list[str] | None = None) -> None:
    """``lakoo up`` (or ``command``) in the background; returns once it says the platform is
    up, or stops it and exits 1 when it says a part failed, exits, or stays silent too long.

    Only this run's output is read: the last run's log is moved to ``platform.previous.log``
    first, so an old "did not come up" can never be mistaken for this run's.
    """
    log_path = platform_log()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    if log_path.exists():
        log_path.replace(log_path.with_name("platform.previous.log"))
    log_path.write_bytes(b"")
    pid = _spawn_detached(command or [sys.executable, "-m", "lakoo.cli", "up"], log_path)
    outcome = _follow(pid, log_path, time.monotonic() + timeout)
    if outcome == "up":
        console.print(f"logs: {log_path}")
        return
    console.print(f"[red]{DOWN_LINE}[/] ({outcome}); stopping what it started; log: {log_path}")
    _stop(pid)
    raise typer.Exit(1)


def _spawn_detached(command: list[str], log_path: Path) -> int:
    """Start ``command`` in a session of its own, re-parented to init (it outlives us); its pid.

    A shell backgrounds it and exits at once, so no child of ours is left to reap or to warn
    about; ``lakoo down`` finds it through the pid file it writes.
    """
    launcher = f"{shlex.join(command)} </dev/null >>{shlex.quote(str(log_path))} 2>&1 & echo $!"
    started = subprocess.run(
        ["/bin/sh", "-c", launcher],
        cwd=repo_root(),
        env={**os.environ, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        check=True,
        start_new_session=True,
    )
    return int(started.stdout.strip())


def _follow(pid: int, log_path: Path, deadline: float) -> str:
    """Echo this run's report lines until it says up or down, exits, or the deadline passes."""
    seen = 0
    while time.monotonic() < deadline:
        exited = not process_alive(pid)
        text = log_path.read_text(errors="replace")
        lines = text[seen:].split("\n")
        complete, rest = lines[:-1], lines[-1]
        seen = len(text) - len(rest)
        for line in complete:
            if line.startswith(_REPORT_MARKS):
                console.print(line.replace("[", r"\["))
            if line.startswith(UP_LINE):
                return "up"
            if line.startswith(DOWN_LINE):
                return "a part failed"
        if exited:
            return "`lakoo up` exited"
        time.sleep(0.3)
    return "no answer in time"


def _stop(pid: int, grace: float = 30.0) -> None:
    """SIGTERM ``lakoo up`` (it stops its children) and wait for it to leave; else SIGKILL."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not process_alive(pid):
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def down(
    keep_stack: bool = typer.Option(False, help="Leave PostgreSQL and Kafka running."),
) -> None:
    """Stop a running `lakoo up` (and, unless --keep-stack, PostgreSQL and Kafka)."""
    if (pid := _running_pid()) is not None:
        _stop(pid)
        pid_file().unlink(missing_ok=True)
        console.print("platform stopped")
    if not keep_stack:
        from lakoo.runtime import stack as local_stack

        local_stack.down()
        console.print("stack stopped")


def health() -> None:
    """Show the health of every part of the running platform."""
    import httpx
    from rich.table import Table

    from api.kit.topology import DAGSTER_UI_PORT
    from lakoo.runtime import stack as local_stack
    from lakoo.runtime.platform import http_parts

    table = Table("part", "url", "status")
    ok = True
    urls = [(name, url) for part in http_parts() for name, url in part.probes.items()]
    urls.append(("dagster-ui", f"http://127.0.0.1:{DAGSTER_UI_PORT}/server_info"))
    with httpx.Client(timeout=2.0) as client:
        for name, url in urls:
            try:
                status = str(client.get(url).status_code)
            except httpx.HTTPError as exc:
                status, ok = f"down ({exc.__class__.__name__})", False
            table.add_row(name, url, status)
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
