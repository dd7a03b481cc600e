"""The ``lakoo`` command line: one entry point for the stack, the services and the pipelines."""

from __future__ import annotations

import typer

from lakoo.commands import (
    admin,
    data,
    db,
    demo,
    deploy,
    events,
    pipelines,
    platform,
    processes,
    sandbox,
    security,
    seed,
    simulate,
    stack,
)
from lakoo.runtime.secrets import load_local_secrets

app = typer.Typer(
    name="lakoo",
    help="LAKOO backend: local stack, services, relay, workers and data pipelines.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def lakoo() -> None:
    """LAKOO backend: local stack, services, relay, workers and data pipelines."""
    # the local installation's generated secrets, for commands run by hand beside `lakoo up`
    load_local_secrets()


app.add_typer(stack.app, name="stack")
app.add_typer(db.app, name="db")
app.add_typer(events.app, name="events")
app.add_typer(admin.app, name="admin")
app.add_typer(sandbox.app, name="sandbox")
app.add_typer(pipelines.app, name="pipelines")
app.add_typer(security.app, name="security")
app.add_typer(deploy.app, name="deploy")
data.register(app)
simulate.register(app)
processes.register(app)
platform.register(app)
demo.register(app)
app.command()(seed.seed)


if __name__ == "__main__":
    app()
