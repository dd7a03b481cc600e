"""``lakoo stack up|down|status|reset``: only PostgreSQL and Kafka (DESIGN §3)."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from lakoo.runtime import StackError

app = typer.Typer(help="Run the local PostgreSQL and Kafka (embedded unless env points elsewhere).")
_console = Console()


def _fail(exc: StackError) -> typer.Exit:
    _console.print(f"[bold red]error:[/] {exc}", highlight=False)
    return typer.Exit(code=1)


@app.command()
def up(
    brokers: int = typer.Option(
        None,
        min=1,
        help="Run Kafka as a KRaft cluster of this many nodes (3: replication factor 3, "
        "min.insync.replicas=2); remembered until changed. Default: as last started (1).",
        show_default=False,
    ),
) -> None:
    """Start PostgreSQL and Kafka if needed; create every database and topic."""
    from lakoo.runtime import stack

    try:
        with _console.status("starting PostgreSQL and Kafka…"):
            info = stack.up(brokers)
    except StackError as exc:
        raise _fail(exc) from exc
    _console.print(f"[green]✓[/] PostgreSQL  {info.postgres_url}")
    _console.print(f"[green]✓[/] Kafka       {info.kafka_bootstrap}")
    if "," in info.kafka_bootstrap:
        # services bootstrap from node 1 unless told the cluster's size: say how to tell them
        count = info.kafka_bootstrap.count(",") + 1
        _console.print(f"  export LAKOO_KAFKA_BROKERS={count} for processes to bootstrap from all")


@app.command()
def down() -> None:
    """Stop the embedded PostgreSQL and Kafka; their data stays."""
    from lakoo.runtime import stack

    try:
        stack.down()
    except StackError as exc:
        raise _fail(exc) from exc
    _console.print("stack stopped (external servers, if any, were left alone)")


@app.command()
def status() -> None:
    """Show where PostgreSQL and Kafka listen and whether they answer."""
    from lakoo.runtime import stack

    current = stack.status()
    # the names and the DSN are what people read and copy: never truncate them
    table = Table()
    table.add_column("part", no_wrap=True)
    table.add_column("mode")
    table.add_column("state")
    table.add_column("pid")
    table.add_column("address", no_wrap=True)
    rows = (
        ("PostgreSQL", current.postgres.embedded, current.postgres.running,
         current.postgres.pid, current.postgres.url),
        (f"Kafka ({current.kafka.brokers} brokers)" if current.kafka.brokers > 1 else "Kafka",
         current.kafka.embedded, current.kafka.running, current.kafka.pid,
         current.kafka.bootstrap),
    )  # fmt: skip
    for name, embedded, running, pid, address in rows:
        table.add_row(
            name,
            "embedded" if embedded else "external",
            "[green]running[/]" if running else "[red]stopped[/]",
            str(pid) if pid else "—",
            address,
        )
    _console.print(table)
    if not current.running:
        raise typer.Exit(code=1)


@app.command()
def reset(
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Stop the stack and wipe its data (databases, Kafka log); the jar cache stays."""
    if not yes:
        typer.confirm("Wipe every local database and Kafka topic?", abort=True)
    from lakoo.runtime import stack

    try:
        stack.reset()
    except StackError as exc:
        raise _fail(exc) from exc
    _console.print("stack wiped; `lakoo stack up` starts it fresh")
