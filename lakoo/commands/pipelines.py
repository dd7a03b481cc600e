"""``lakoo pipelines``: materialize Dagster assets of the LAKOO code location."""

from __future__ import annotations

import os
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True)


@app.callback()
def pipelines() -> None:
    """The Dagster code location (pipelines/definitions.py)."""


@app.command()
def materialize(
    select: Annotated[
        str | None,
        typer.Option(
            "--select",
            help="Dagster asset selection, e.g. 'group:finance' or 'raw_events'; default: every "
            "asset (partitioned ones for the last ended week).",
        ),
    ] = None,
    partition: Annotated[
        str | None,
        typer.Option("--partition", help="Settlement week (its Monday); default: the last ended."),
    ] = None,
) -> None:
    """Materialize assets and their checks in one run, recorded in the dagster_db instance."""
    from pipelines.instance import write_instance_yaml

    write_instance_yaml()
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    import dagster as dg

    from pipelines.definitions import defs
    from pipelines.runs import SelectionError, plan, summary
    from pipelines.runs import materialize as run

    try:
        chosen = plan(defs, select, partition)
    except SelectionError as exc:
        typer.echo(f"lakoo pipelines materialize: {exc}", err=True)
        raise typer.Exit(2) from None
    week = f", partitioned ones for {chosen.partition}" if chosen.partition else ""
    typer.echo(f"materializing {len(chosen.keys)} assets{week}…")
    with dg.DagsterInstance.get() as instance:
        result = run(defs, chosen, instance=instance)
    for line in summary(result):
        typer.echo(line)
    typer.echo(f"run {result.run_id}: {'success' if result.success else 'FAILED'}")
    raise typer.Exit(0 if result.success else 1)
