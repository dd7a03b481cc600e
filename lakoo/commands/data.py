"""``lakoo land`` (long-running Kafka landing) and ``lakoo docs`` (dbt docs on port 3080)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from api.kit.topology import DBT_DOCS_PORT

app = typer.Typer(no_args_is_help=True)


def register(root: typer.Typer) -> None:
    """Mount ``land`` and ``docs`` as top-level commands (``lakoo land``, ``lakoo docs``)."""
    root.command()(land)
    root.command()(docs)


@app.command()
def land(
    topics: Annotated[
        str | None, typer.Option(help="Comma-separated topics (default: all).")
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Messages per COPY transaction.")] = 10_000,
) -> None:
    """Land Kafka events into analytics_db raw.events until Ctrl-C (exactly once)."""
    from ingestion.landing import main

    argv = ["--batch-size", str(batch_size)] + (["--topics", topics] if topics else [])
    raise typer.Exit(main(argv))


@app.command()
def docs(
    port: Annotated[int, typer.Option(help="Port to serve the docs on.")] = DBT_DOCS_PORT,
) -> None:
    """Generate the dbt docs (catalog from analytics_db) and serve them until Ctrl-C.

    The files go to dbt's target path (``dbt_project/target``, or ``DBT_TARGET_PATH``).
    """
    from pipelines.dbt_env import DBT_PROJECT_DIR

    dbt = str(Path(sys.executable).with_name("dbt"))
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    common = ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    subprocess.run([dbt, "docs", "generate", *common], check=True, env=env)
    typer.echo(f"dbt docs on http://127.0.0.1:{port}")
    serve = [*common, "--port", str(port), "--host", "127.0.0.1", "--no-browser"]
    # the server replaces this process (no child left behind): Ctrl-C or a SIGTERM sent to
    # `lakoo docs` stops the server itself and frees the port
    os.execve(dbt, [dbt, "docs", "serve", *serve], env)
