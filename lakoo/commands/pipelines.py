"""``lakoo pipelines``: materialize Dagster assets of the LAKOO code location."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from lakoo.runtime import repo_root

app = typer.Typer(no_args_is_help=True)


@app.callback()
def pipelines() -> None:
    """The Dagster code location (pipelines/definitions.py)."""


@app.command()
def materialize(
    select: Annotated[
        str, typer.Option("--select", help="Dagster asset selection, e.g. 'raw_events' or '*'.")
    ] = "*",
    partition: Annotated[
        str | None, typer.Option("--partition", help="Partition key (settlement week).")
    ] = None,
) -> None:
    """Materialize assets in-process against the dagster_db instance."""
    from pipelines.instance import write_instance_yaml

    home = write_instance_yaml()
    command = [
        str(Path(sys.executable).with_name("dagster")),
        "asset",
        "materialize",
        "-m",
        "pipelines.definitions",
        "--select",
        select,
    ]
    if partition:
        command += ["--partition", partition]
    env = {**os.environ, "DAGSTER_HOME": str(home), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    raise typer.Exit(subprocess.run(command, cwd=repo_root(), env=env).returncode)
