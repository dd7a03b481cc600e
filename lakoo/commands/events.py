"""``lakoo events``: tools for the event catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True)


@app.callback()
def events() -> None:
    """The event catalog (api/events)."""
    # A callback keeps ``schema`` a subcommand even while it is the only one.


@app.command()
def schema(
    out: Annotated[
        Path, typer.Option("--out", help="Directory to write the JSON Schema files into.")
    ] = Path("docs/events"),
) -> None:
    """Write a JSON Schema per event type (envelope + payload) and an index.json."""
    from api.events.schema import write_json_schemas

    written = write_json_schemas(out)
    typer.echo(f"wrote {len(written) - 1} event schemas and {written[-1].name} to {out}")
